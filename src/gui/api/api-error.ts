import type { ErrorHint, ErrorInfo } from '../../shared/error-info';
import { CLIENT_ERROR_CODES, clientErrors } from './error-messages';

export { CLIENT_ERROR_CODES };

import { isRecord, readErrorInfo } from './guards';

/**
 * Every failed API call becomes one of these: the server's ErrorInfo as it was sent (`code`, `message`,
 * `hint`), or one of the GUI's own failures (CLIENT_ERROR_CODES).
 */
export class ApiError extends Error implements ErrorInfo {
  readonly code: string;
  readonly hint?: ErrorHint;
  readonly details?: unknown;
  constructor(
    info: ErrorInfo,
    readonly status: number,
  ) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    if (info.hint) this.hint = info.hint;
    if (info.details !== undefined) this.details = info.details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Builds an ApiError from a non-2xx response, whatever its body looks like. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall through to a generic error.
  }
  const error = readErrorInfo(isRecord(body) ? body.error : undefined);
  if (error) return new ApiError(error, response.status);
  return new ApiError(clientErrors.badResponse(response.status), response.status);
}
