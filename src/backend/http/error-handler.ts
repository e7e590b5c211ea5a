/**
 * The single place where failures become HTTP responses: `{ error: { code, message, hint, details? } }`.
 * Anything that is not an AppError is logged and answered with a generic 500: no internals leak.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode } from '../../shared/error-codes';
import type { Logger } from '../../utils/logger';
import { AppError, InternalError } from '../errors';

const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ERROR_CODES.validationError,
  401: ERROR_CODES.unauthorized,
  403: ERROR_CODES.forbidden,
  404: ERROR_CODES.notFound,
  413: ERROR_CODES.payloadTooLarge,
  415: ERROR_CODES.unsupportedMediaType,
};

/** Hono's own 4xx (e.g. unreadable JSON); any other status is treated as an internal failure. */
function fromHttpException(err: HTTPException): AppError {
  const code = CODE_OF_STATUS[err.status];
  if (!code) return new InternalError();
  const message = err.status === 400 && /json/i.test(err.message) ? 'The request body is not valid JSON.' : err.message;
  return new AppError(code, err.status, message || 'The request was refused.');
}

export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (err instanceof HTTPException) appErr = fromHttpException(err);
    else appErr = new InternalError();
    if (appErr !== err && appErr.code === ERROR_CODES.internal) {
      logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    }
    // The unread rest of an oversized body makes the socket unusable; tell the client not to reuse it.
    if (appErr.httpStatus === 413) c.header('Connection', 'close');
    if (appErr.httpStatus >= 500) logger.warn({ code: appErr.code, path: c.req.path }, appErr.message);
    return c.json({ error: appErr.toJSON() }, appErr.httpStatus as ContentfulStatusCode);
  };
}
