export { ChatManager, type ChatManagerOptions } from './chat-manager';
export type { StreamEvent } from './generation';
