/** Every failed API call becomes one of these; `code` is one of ERROR_CODES or a GUI-side code below. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes the GUI itself produces, next to the server's ERROR_CODES. */
export const CLIENT_ERROR_CODES = {
  /** The Ollama Chat server itself could not be reached (fetch threw). */
  serverUnreachable: 'server_unreachable',
  /** The server answered with something that is not our JSON error shape. */
  badResponse: 'bad_response',
  /** The user chose an image but the model has no vision capability. */
  imageNeedsVision: 'image_needs_vision',
} as const;

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
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(error.code, error.message, response.status, error.details);
  }
  return new ApiError(
    CLIENT_ERROR_CODES.badResponse,
    `The server answered ${response.status} ${response.statusText || ''}`.trim(),
    response.status,
  );
}
