export { ApiError, CLIENT_ERROR_CODES, isApiError } from './api-error';
export { type AppEventHandlers, type ModelUpdatedEvent, subscribeToAppEvents } from './app-events';
export { clientErrors, errorText, hintText, toErrorInfo } from './error-messages';
export { type GenerationEventHandlers, SSE_EVENTS, subscribeToGeneration } from './generation-events';
export { isErrorInfo } from './guards';
export * from './hooks';
export { type ApiClient, api, createApiClient } from './http-client';
export { type JobEventHandlers, subscribeToJob } from './job-events';
export { queryKeys } from './query-keys';
