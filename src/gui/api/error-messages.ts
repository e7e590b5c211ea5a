import { ERROR_CODES } from '../../shared/error-codes';
import { CLIENT_ERROR_CODES } from './api-error';

export interface ErrorContext {
  /** The Ollama host, for "can't reach Ollama at …". */
  host?: string | null;
  /** The model the request was for. */
  model?: string | null;
}

export interface HumanError {
  /** What happened and what to do, in one or two sentences. */
  text: string;
  /** Whether trying the same thing again may help. */
  retryable: boolean;
}

const DEFAULT_HOST = 'http://127.0.0.1:11434';

function clean(message: unknown): string {
  if (typeof message !== 'string') return '';
  const trimmed = message.trim();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/** Turns an API error code (server or client side) into a human sentence with a next step. */
export function describeError(code: string, message?: unknown, context: ErrorContext = {}): HumanError {
  const detail = clean(message);
  const model = context.model ? `“${context.model}”` : 'This model';
  const host = context.host || DEFAULT_HOST;
  switch (code) {
    case ERROR_CODES.ollamaUnreachable:
      return {
        text: `Can't reach Ollama at ${host} — is it running? Start it with \`ollama serve\`.`,
        retryable: true,
      };
    case ERROR_CODES.ollamaTimeout:
      return { text: 'Ollama stopped responding before the answer was finished. Retry in a moment.', retryable: true };
    case ERROR_CODES.ollamaDropped:
      return {
        text: 'Ollama dropped the connection in the middle of the answer. Retry to try again.',
        retryable: true,
      };
    case ERROR_CODES.ollamaStreamError:
      return {
        text: `Ollama ran into an error while writing the answer${detail ? `: ${detail}` : ''}. Retry to try again.`,
        retryable: true,
      };
    case ERROR_CODES.ollamaBusy:
      return { text: 'Ollama is busy with other requests. Retry in a moment.', retryable: true };
    case ERROR_CODES.ollamaBadResponse:
      return {
        text: 'Ollama sent an answer that could not be read. Retry, or update Ollama if it keeps happening.',
        retryable: true,
      };
    case ERROR_CODES.ollamaRejected:
      return { text: `Ollama refused the request${detail ? `: ${detail}` : ''}.`, retryable: true };
    case ERROR_CODES.modelNotFound:
      return {
        text: context.model
          ? `The model ${model} isn't installed. Pull it with \`ollama pull ${context.model}\` or pick another model.`
          : "That model isn't installed. Pull it with `ollama pull <name>` or pick another model.",
        retryable: false,
      };
    case ERROR_CODES.modelIncapable:
      return {
        text: `${model} can't do that${detail ? ` (${detail})` : ''}. Pick a model with the right capability badge in the model picker.`,
        retryable: false,
      };
    case CLIENT_ERROR_CODES.imageNeedsVision:
      return {
        text: `${model} can't see images. Pick a model with the “vision” badge, or remove the image.`,
        retryable: false,
      };
    case ERROR_CODES.queueFull:
      return {
        text: 'Too many answers are already waiting. Wait for some to finish, or cancel one, then send again.',
        retryable: true,
      };
    case ERROR_CODES.validationError:
      return {
        text: `The server refused the request${detail ? `: ${detail}` : ''}. Change it and try again.`,
        retryable: false,
      };
    case ERROR_CODES.notFound:
      return { text: 'This no longer exists — it may have been deleted in another window.', retryable: false };
    case ERROR_CODES.conflict:
      return {
        text: `That changed in the meantime${detail ? ` (${detail})` : ''}. Reload and try again.`,
        retryable: true,
      };
    case ERROR_CODES.payloadTooLarge:
      return {
        text: 'That is too large to send. Use a smaller image (at most 10 MB) or a shorter message.',
        retryable: false,
      };
    case ERROR_CODES.unsupportedMediaType:
      return { text: "That file type isn't supported. Attach PNG, JPEG, GIF or WebP images.", retryable: false };
    case ERROR_CODES.forbidden:
    case ERROR_CODES.unauthorized:
      return { text: `The server refused access${detail ? `: ${detail}` : ''}.`, retryable: false };
    case ERROR_CODES.internal:
      return {
        text: 'Something went wrong on the server. Retry; if it keeps happening, check the server log.',
        retryable: true,
      };
    case ERROR_CODES.interrupted:
      return {
        text: 'The server stopped while this answer was being written. Continue it or regenerate.',
        retryable: true,
      };
    case CLIENT_ERROR_CODES.serverUnreachable:
      return {
        text: "Can't reach the Ollama Chat server. Check that it is still running, then retry.",
        retryable: true,
      };
    case CLIENT_ERROR_CODES.badResponse:
      return { text: 'The server sent an unexpected answer. Retry in a moment.', retryable: true };
    default:
      return { text: detail ? `${detail}.` : 'Something went wrong. Retry in a moment.', retryable: true };
  }
}

/** describeError for anything caught: ApiError-like objects, plain Errors, or worse. */
export function describeUnknownError(error: unknown, context: ErrorContext = {}): HumanError {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    const e = error as { code: string; message?: unknown };
    return describeError(e.code, e.message, context);
  }
  if (error instanceof Error) return describeError('unknown', error.message, context);
  return describeError('unknown', undefined, context);
}
