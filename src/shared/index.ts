export * from './api';
export * from './error-codes';
