export { createApp } from './app';
export type { HttpDeps } from './deps';
export { endLiveStreams } from './sse';
