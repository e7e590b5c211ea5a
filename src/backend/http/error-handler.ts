/** The single place where failures become HTTP responses: `{ error: { code, message, details? } }`. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode } from '../../shared/error-codes';
import type { Logger } from '../../utils/logger';
import { AppError } from '../errors';

function fromHttpException(err: HTTPException): AppError {
  const code: ErrorCode =
    err.status === 400
      ? ERROR_CODES.validationError
      : err.status === 413
        ? ERROR_CODES.payloadTooLarge
        : err.status === 404
          ? ERROR_CODES.notFound
          : err.status === 401
            ? ERROR_CODES.unauthorized
            : err.status === 403
              ? ERROR_CODES.forbidden
              : ERROR_CODES.internal;
  const message =
    err.status === 400 && /json/i.test(err.message) ? 'The request body is not valid JSON.' : err.message;
  return new AppError(code, err.status, message || 'Bad request');
}

export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (err instanceof HTTPException) appErr = fromHttpException(err);
    else {
      logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
      appErr = new AppError(ERROR_CODES.internal, 500, 'Something went wrong on the server. Details are in its log.');
    }
    // The unread rest of an oversized body makes the socket unusable; tell the client not to reuse it.
    if (appErr.httpStatus === 413) c.header('Connection', 'close');
    if (appErr.httpStatus >= 500) logger.warn({ code: appErr.code, path: c.req.path }, appErr.message);
    return c.json({ error: appErr.toJSON() }, appErr.httpStatus as ContentfulStatusCode);
  };
}
