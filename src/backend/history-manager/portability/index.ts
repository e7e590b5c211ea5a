/**
 * Import/export format layer (issue #9): pure conversions between files and PortableChat.
 * No database, no HTTP: the history repositories and the /api/import, /api/export routes wire it.
 */
export type { ImportSource } from './chunks';
export { describeLocation, type ImportErrorCode, ImportFormatError } from './errors';
export { chatJson, type ExportJsonOptions, toExportJson } from './export-json';
export { activeBranch, type MarkdownExportOptions, toMarkdown } from './markdown-export';
export { EXPORT_FORMAT, EXPORT_VERSION } from './ours';
export {
  collectImport,
  DEFAULT_IMPORT_LIMITS,
  emptyReport,
  type ImportLimits,
  type ReadImportOptions,
  readImport,
  recordItem,
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
