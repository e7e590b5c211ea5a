/**
 * Import/export format layer (issue #9): pure conversions between files and PortableChat.
 * No database, no HTTP: the history repositories and the /api/import, /api/export routes wire it.
 */
export type { ImportSource } from './chunks';
export { ImportFormatError, describeLocation, type ImportErrorCode } from './errors';
export { toExportJson, chatJson, type ExportJsonOptions } from './export-json';
export { toMarkdown, activeBranch, type MarkdownExportOptions } from './markdown-export';
export { EXPORT_FORMAT, EXPORT_VERSION } from './ours';
export {
  readImport,
  collectImport,
  recordItem,
  emptyReport,
  DEFAULT_IMPORT_LIMITS,
  type ImportLimits,
  type ReadImportOptions,
} from './read-import';
export { classifyElement, type ElementKind } from './sniff';
export type {
  ImportFormat,
  ImportItem,
  ImportLocation,
  ImportNote,
  ImportReport,
  PortableApp,
  PortableAttachment,
  PortableChat,
  PortableMessage,
  PortableMetrics,
  PortableOrigin,
  PortableRole,
  PortableSource,
  PortableStatus,
} from './types';
