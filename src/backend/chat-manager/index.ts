export { decodeAttachments } from './attachment-decoder';
export { ChatManager, type ChatManagerOptions } from './chat-manager';
export { ConversationEdits } from './conversation-edits';
export type { StreamEvent } from './generation';
