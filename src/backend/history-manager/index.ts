export { HistoryStore } from './history-store';
export type { ChatRecord, FinishedMessage, NewAttachment, NewMessage } from './history-store';
