export type { StoredBlobBytes } from './attachment-blobs';
export type { ChatExporter } from './chat-exporter';
export type { ChatRepository } from './chat-repository';
export { History, type HistoryOptions } from './history';
export type { ImageResultRepository } from './image-results';
export type { ImportedChat, ImportResult, ImportWriter } from './import-writer';
export type { NewAttachment, NewMessage } from './message-chain';
export type { FinishedMessage, MessageRepository } from './message-repository';
export type { DeletedSubtree, MessageTree } from './message-tree';
export type { ModelPreferencesPatch } from './model-queries';
export type { ModelRepository } from './model-repository';
export {
  describeLocation,
  ImportFormatError,
  type ImportSource,
  type PortableChat,
  type ReadImportOptions,
  toExportJson,
  toMarkdown,
} from './portability';
export type { PresetRepository } from './preset-repository';
export type { ChatRecord } from './row-mapping';
export type { SearchOptions, SearchRepository } from './search-repository';
export type { SettingsRepository } from './settings-repository';
