export { ChatView } from './chat-view';
export { DeleteChatDialog } from './delete-chat-dialog';
export { ThreadRegistryProvider, useThreadRegistry } from './thread/thread-context';
