/** Every error code the API can return, so the GUI can turn each into a sentence and a next step. */
export const ERROR_CODES = {
  validationError: 'validation_error',
  notFound: 'not_found',
  conflict: 'conflict',
  queueFull: 'queue_full',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  forbidden: 'forbidden',
  unauthorized: 'unauthorized',
  internal: 'internal',
  /** Ollama answered, with an error. */
  modelNotFound: 'model_not_found',
  modelIncapable: 'model_incapable',
  ollamaRejected: 'ollama_rejected',
  ollamaStreamError: 'ollama_stream_error',
  ollamaBadResponse: 'ollama_bad_response',
  ollamaBusy: 'ollama_busy',
  /** Ollama could not be talked to. */
  ollamaUnreachable: 'ollama_unreachable',
  ollamaTimeout: 'ollama_timeout',
  ollamaDropped: 'ollama_dropped',
  /** The server stopped (crash or shutdown) while the answer was being written. */
  interrupted: 'interrupted',
  /** A file given to POST /api/import that cannot be imported as a whole (nothing was written). */
  importInvalidJson: 'import_invalid_json',
  importUnknownFormat: 'import_unknown_format',
  importUnsupportedVersion: 'import_unsupported_version',
  importRefused: 'import_refused',
  importInvalidZip: 'import_invalid_zip',
  importTooLarge: 'import_too_large',
  importInvalidChat: 'import_invalid_chat',
  /** Image generation (src/shared/image-api.ts): an Ollama too new for image models, and the image server's failures. */
  imageGenerationUnsupported: 'image_generation_unsupported',
  imageServerNotConfigured: 'image_server_not_configured',
  imageServerUnreachable: 'image_server_unreachable',
  imageServerUnauthorized: 'image_server_unauthorized',
  imageServerNotFound: 'image_server_not_found',
  imageServerError: 'image_server_error',
  imageRefused: 'image_refused',
  imageTimeout: 'image_timeout',
  imageBadResponse: 'image_bad_response',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
