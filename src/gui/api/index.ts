export { ApiError, CLIENT_ERROR_CODES, isApiError } from './api-error';
export { api, createApiClient, type ApiClient } from './http-client';
export { subscribeToGeneration, type GenerationEventHandlers } from './generation-events';
export { queryKeys } from './query-keys';
export { describeError, describeUnknownError, type HumanError, type ErrorContext } from './error-messages';
export * from './hooks';
