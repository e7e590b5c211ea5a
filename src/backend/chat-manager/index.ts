export { decodeAttachments } from './attachment-decoder';
export { ChatManager } from './chat-manager';
export { ConversationEdits } from './conversation-edits';
export type { StreamEvent } from './generation';
