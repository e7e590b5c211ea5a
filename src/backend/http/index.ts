export { createApp } from './app';
export { endLiveStreams } from './sse';
export { guiBuildOf, guiBuildReader } from './static-assets';
