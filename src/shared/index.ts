export * from './api';
export * from './error-codes';
export * from './models-api';
