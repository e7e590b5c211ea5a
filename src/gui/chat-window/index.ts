export { ChatView } from './chat-view';
export { DeleteChatDialog } from './delete-chat-dialog';
export { preloadChatView } from './preload';
export { ThreadRegistryProvider, useThreadRegistry } from './thread/thread-context';
