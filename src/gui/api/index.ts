export { ApiError, CLIENT_ERROR_CODES, isApiError } from './api-error';
export { type AppEventHandlers, type ModelUpdatedEvent, subscribeToAppEvents } from './app-events';
export { describeError, describeUnknownError, type ErrorContext, type HumanError } from './error-messages';
export { type GenerationEventHandlers, subscribeToGeneration } from './generation-events';
export * from './hooks';
export { type ApiClient, api, createApiClient } from './http-client';
export { type JobEventHandlers, subscribeToJob } from './job-events';
export { queryKeys } from './query-keys';
