export * from './api';
export * from './error-codes';
export * from './error-info';
export * from './model-name';
export * from './models-api';
export * from './ollama-host';
export * from './search-api';
export * from './token-estimate';
