/** The one error hierarchy of the backend (DESIGN §6). Everything a user can reach throws one of these. */
import { ERROR_CODES, type ErrorCode } from '../shared/error-codes';
import type { ErrorHint, ErrorInfo } from '../shared/error-info';
import { ERROR_MESSAGES, type HintContext, hintFor } from './error-hints';

/** A hint worded by the thrower, or the context the wording table needs (host, model, limit, setting). */
export type HintInput = ErrorHint | HintContext;

function resolveHint(code: ErrorCode, input: HintInput | undefined): ErrorHint {
  return input && 'text' in input ? input : hintFor(code, input);
}

export class AppError extends Error {
  /** The next step for the user; always present (the wording table's, unless the thrower gave one). */
  readonly hint: ErrorHint;

  constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    message: string,
    readonly details?: unknown,
    hint?: HintInput,
  ) {
    super(message);
    this.name = new.target.name;
    this.hint = resolveHint(code, hint);
  }

  /** The wire shape of HTTP error bodies, SSE `error` events and stored errors. */
  toJSON(): ErrorInfo & { code: ErrorCode; hint: ErrorHint } {
    const info = { code: this.code, message: this.message, hint: this.hint };
    return this.details === undefined ? info : { ...info, details: this.details };
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown, hint?: HintInput) {
    super(ERROR_CODES.validationError, 400, message, details, hint);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(ERROR_CODES.notFound, 404, `${what} '${id}' was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, hint?: HintInput) {
    super(ERROR_CODES.conflict, 409, message, undefined, hint);
  }
}

export class QueueFullError extends AppError {
  constructor(limit: number) {
    super(ERROR_CODES.queueFull, 429, `Too many answers are waiting (the limit is ${limit}).`, { limit });
  }
}

export class PayloadTooLargeError extends AppError {
  /** `limit` formatted for people, e.g. "10 MB"; the message should name it too. */
  constructor(message: string, limit?: string) {
    super(ERROR_CODES.payloadTooLarge, 413, message, undefined, limit === undefined ? undefined : { limit });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, hint?: HintInput) {
    super(ERROR_CODES.unsupportedMediaType, 415, message, undefined, hint);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(ERROR_CODES.forbidden, 403, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(ERROR_CODES.unauthorized, 401, message);
  }
}

/** A failure the user cannot act on beyond retrying: the details stay in the log, never in the answer. */
export class InternalError extends AppError {
  constructor(message: string = ERROR_MESSAGES.internal) {
    super(ERROR_CODES.internal, 500, message);
  }
}

type OllamaErrorCode =
  | typeof ERROR_CODES.modelNotFound
  | typeof ERROR_CODES.modelIncapable
  | typeof ERROR_CODES.ollamaRejected
  | typeof ERROR_CODES.ollamaStreamError
  | typeof ERROR_CODES.ollamaBadResponse
  | typeof ERROR_CODES.ollamaBusy;

/** Ollama answered, but with an error. */
export class OllamaError extends AppError {
  constructor(
    code: OllamaErrorCode,
    message: string,
    readonly ollamaStatus?: number,
    details?: unknown,
    hint?: HintInput,
  ) {
    const status = code === ERROR_CODES.modelNotFound ? 404 : code === ERROR_CODES.ollamaBusy ? 503 : 502;
    super(code, code === ERROR_CODES.modelIncapable ? 400 : status, message, details, hint);
  }
}

type NetworkErrorCode =
  | typeof ERROR_CODES.ollamaUnreachable
  | typeof ERROR_CODES.ollamaTimeout
  | typeof ERROR_CODES.ollamaDropped;

/** Ollama could not be talked to: refused, unresolvable, timed out, or the connection dropped mid-stream. */
export class NetworkError extends AppError {
  constructor(code: NetworkErrorCode, message: string, details?: unknown, hint?: HintInput) {
    super(code, code === ERROR_CODES.ollamaTimeout ? 504 : 503, message, details, hint);
  }
}

/** The stored error of an answer the server could not finish (crash, shutdown). */
export function interruptedError(message: string = ERROR_MESSAGES.interrupted): ErrorInfo {
  return { code: ERROR_CODES.interrupted, message, hint: hintFor(ERROR_CODES.interrupted) };
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

type ImageErrorCode =
  | typeof ERROR_CODES.imageGenerationUnsupported
  | typeof ERROR_CODES.imageServerNotConfigured
  | typeof ERROR_CODES.imageServerUnreachable
  | typeof ERROR_CODES.imageServerUnauthorized
  | typeof ERROR_CODES.imageServerNotFound
  | typeof ERROR_CODES.imageServerError
  | typeof ERROR_CODES.imageRefused
  | typeof ERROR_CODES.imageTimeout
  | typeof ERROR_CODES.imageBadResponse;

const IMAGE_ERROR_STATUS: Record<ImageErrorCode, number> = {
  image_generation_unsupported: 400,
  image_server_not_configured: 400,
  image_server_unreachable: 503,
  image_server_unauthorized: 502,
  image_server_not_found: 502,
  image_server_error: 502,
  image_refused: 400,
  image_timeout: 504,
  image_bad_response: 502,
};

/** An image backend (Ollama's image models, an OpenAI-compatible image server) failed; worded in error-hints.ts. */
export class ImageGenerationError extends AppError {
  constructor(code: ImageErrorCode, message: string, details?: unknown, hint?: HintInput) {
    super(code, IMAGE_ERROR_STATUS[code], message, details, hint);
  }
}
