export { decodeAttachments } from './attachment-decoder';
export { ChatManager, type ChatManagerOptions } from './chat-manager';
export type { StreamEvent } from './generation';
