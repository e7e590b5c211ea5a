export type { ChatRecord, FinishedMessage, ModelPreferencesPatch, NewAttachment, NewMessage } from './history-store';
export { HistoryStore } from './history-store';
