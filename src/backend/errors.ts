/** The one error hierarchy of the backend (DESIGN §6). Everything a user can reach throws one of these. */
import { ERROR_CODES, type ErrorCode } from '../shared/error-codes';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(ERROR_CODES.validationError, 400, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(ERROR_CODES.notFound, 404, `${what} '${id}' was not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(ERROR_CODES.conflict, 409, message);
  }
}

export class QueueFullError extends AppError {
  constructor(limit: number) {
    super(
      ERROR_CODES.queueFull,
      429,
      `Too many answers are waiting (limit ${limit}). Wait for some to finish, or cancel one, then send again.`,
    );
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(ERROR_CODES.payloadTooLarge, 413, message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(ERROR_CODES.unsupportedMediaType, 415, message);
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

type OllamaErrorCode =
  | typeof ERROR_CODES.modelNotFound
  | typeof ERROR_CODES.modelIncapable
  | typeof ERROR_CODES.ollamaRejected
  | typeof ERROR_CODES.ollamaStreamError
  | typeof ERROR_CODES.ollamaBadResponse
  | typeof ERROR_CODES.ollamaBusy;

/** Ollama answered, but with an error. */
export class OllamaError extends AppError {
  constructor(code: OllamaErrorCode, message: string, readonly ollamaStatus?: number, details?: unknown) {
    const status = code === ERROR_CODES.modelNotFound ? 404 : code === ERROR_CODES.ollamaBusy ? 503 : 502;
    super(code, code === ERROR_CODES.modelIncapable ? 400 : status, message, details);
  }
}

type NetworkErrorCode =
  | typeof ERROR_CODES.ollamaUnreachable
  | typeof ERROR_CODES.ollamaTimeout
  | typeof ERROR_CODES.ollamaDropped;

/** Ollama could not be talked to: refused, unresolvable, timed out, or the connection dropped mid-stream. */
export class NetworkError extends AppError {
  constructor(code: NetworkErrorCode, message: string, details?: unknown) {
    super(code, code === ERROR_CODES.ollamaTimeout ? 504 : 503, message, details);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
