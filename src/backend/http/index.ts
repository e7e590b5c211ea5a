export { createApp } from './app';
export { endLiveStreams } from './sse';
