/**
 * Import/export format layer (issue #9): pure conversions between files and PortableChat.
 * No database, no HTTP: the history repositories and the /api/import, /api/export routes wire it.
 */
export type { ImportSource } from './chunks';
export { describeLocation, ImportFormatError } from './errors';
export { type ExportJsonOptions, toExportJson } from './export-json';
export { activeBranch, toMarkdown } from './markdown-export';
export { collectImport, type ReadImportOptions, readImport } from './read-import';
export type {
  ImportFormat,
  ImportLocation,
  ImportNote,
  PortableAttachment,
  PortableChat,
  PortableMessage,
  PortableMetrics,
  PortableRole,
  PortableSource,
  PortableStatus,
} from './types';
