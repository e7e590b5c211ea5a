/**
 * The server's zod schemas of the wire contract. Every schema is tied to its type in src/shared/
 * by `matches<T>()`; rules and limits come from src/shared/ and are not written here again.
 * Imports only zod and src/shared/, so http/ and the domain modules (e.g. the settings store) may use it.
 */
export * from './chats';
export * from './common';
export * from './contract-check';
export * from './conversation';
export * from './images';
export * from './jobs';
export * from './messages';
export * from './models';
export * from './new-chat';
export * from './params';
export * from './portability';
export * from './presets';
export * from './search';
export * from './settings';
