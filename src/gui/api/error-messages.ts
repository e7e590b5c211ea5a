/**
 * The server words every error (`message` and `hint`, src/shared/error-info.ts); the GUI shows them as
 * they are. This file only turns whatever was caught into that shape, and words the GUI's own
 * failures (the server unreachable, an unreadable response, checks made before sending).
 */
import type { ErrorHint, ErrorInfo } from '../../shared/error-info';
import { readErrorInfo } from './guards';

/** Codes the GUI itself produces, next to the server's ERROR_CODES. */
export const CLIENT_ERROR_CODES = {
  /** The Ollama Chat server itself could not be reached (fetch threw). */
  serverUnreachable: 'server_unreachable',
  /** The server answered with something that is not our JSON error shape. */
  badResponse: 'bad_response',
  /** The user chose an image but the model has no vision capability. */
  imageNeedsVision: 'image_needs_vision',
  /** A part of the app (a code chunk) could not be fetched from the server. */
  chunkLoadFailed: 'chunk_load_failed',
} as const;

/** The GUI's own failures, worded here and nowhere else. */
export const clientErrors = {
  serverUnreachable: (): ErrorInfo => ({
    code: CLIENT_ERROR_CODES.serverUnreachable,
    message: "Can't reach the Ollama Chat server.",
    hint: { text: 'Check that it is still running, then retry.', action: 'retry' },
  }),
  badResponse: (status?: number): ErrorInfo => ({
    code: CLIENT_ERROR_CODES.badResponse,
    message: status
      ? `The server sent an unreadable answer (HTTP ${status}).`
      : 'The server sent an unreadable answer.',
    hint: { text: 'Retry in a moment.', action: 'retry' },
  }),
  imageNeedsVision: (model: string | null): ErrorInfo => ({
    code: CLIENT_ERROR_CODES.imageNeedsVision,
    message: `${model ? `“${model}”` : 'This model'} can't see images.`,
    hint: { text: 'Pick a model with the “vision” badge, or remove the image.', action: 'switch_model' },
  }),
  chunkLoadFailed: (): ErrorInfo => ({
    code: CLIENT_ERROR_CODES.chunkLoadFailed,
    message: "Part of the app couldn't be loaded from the Ollama Chat server.",
    hint: {
      text: 'The server may have stopped or been updated since this page opened: reload the page.',
      action: 'reload',
    },
  }),
  unknown: (detail?: string): ErrorInfo => ({
    code: 'unknown',
    message: detail ? detail : 'Something went wrong in the app.',
    hint: { text: 'Reload the page if it keeps happening.', action: 'reload' },
  }),
};

/** Whatever was caught, as the wire error shape (an ApiError already is one). */
export function toErrorInfo(error: unknown): ErrorInfo {
  const info = readErrorInfo(error);
  if (info) return info;
  if (error instanceof Error) return clientErrors.unknown(error.message);
  return clientErrors.unknown();
}

/** The hint as one sentence, the command in backticks (CodeText shows it as code). */
export function hintText(hint: ErrorHint | undefined): string {
  if (!hint) return '';
  if (!hint.command || hint.text.includes(hint.command)) return hint.text;
  return `${hint.text} \`${hint.command}\``;
}

/** Message and hint in one line, for toasts and other plain text. Without a hint: the message alone. */
export function errorText(error: unknown): string {
  const info = toErrorInfo(error);
  const hint = hintText(info.hint);
  return hint ? `${info.message} ${hint}` : info.message;
}
