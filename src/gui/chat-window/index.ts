export { ChatView, type ChatViewProps } from './chat-view';
export { ThreadRegistryProvider } from './thread/thread-context';
