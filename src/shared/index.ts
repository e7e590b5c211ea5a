export * from './api';
export * from './error-codes';
export * from './models-api';
export * from './model-name';
export * from './error-info';
export * from './ollama-host';
