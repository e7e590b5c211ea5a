export { History } from './history';
export type { ImportResult } from './import-writer';
export type { NewAttachment, NewMessage } from './message-chain';
export type { ModelPreferencesPatch } from './model-queries';
export { describeLocation, ImportFormatError, toExportJson, toMarkdown } from './portability';
export type { ChatRecord, MessageTurn } from './row-mapping';
