export { ApiError, CLIENT_ERROR_CODES, isApiError } from './api-error';
export { subscribeToAppEvents } from './app-events';
export { clientErrors, errorText, toErrorInfo } from './error-messages';
export { type GenerationEventHandlers, subscribeToGeneration } from './generation-events';
export * from './hooks';
export { type ApiClient, api } from './http-client';
export { subscribeToJob } from './job-events';
export * from './presets';
export { queryKeys } from './query-keys';
