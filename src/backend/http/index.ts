export { createApp } from './app';
export type { HttpDeps } from './deps';
