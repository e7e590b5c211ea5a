export { createApp } from './app';
export { endLiveStreams } from './sse';
export { guiBuildOf } from './static-assets';
