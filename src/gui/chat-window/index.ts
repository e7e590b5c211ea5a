export { ChatView, type ChatViewProps } from './chat-view';
export { ThreadRegistryProvider, useThreadRegistry } from './thread/thread-context';
