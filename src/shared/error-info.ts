/**
 * The one shape of an error on the wire (HTTP error bodies `{ error: ErrorInfo }`, SSE `error` events, stored answers).
 * The server words `message` and `hint`; the GUI shows them as they are and words only its own
 * client-side failures (server unreachable, unreadable response, checks before sending).
 */
import type { ErrorCode } from './error-codes';

/** Buttons the GUI can offer next to an error. `retry` means trying the same request again may help. */
export const ERROR_ACTIONS = [
  'retry',
  'continue',
  'pull_model',
  'switch_model',
  'open_models',
  'open_settings',
  'reload',
] as const;
export type ErrorAction = (typeof ERROR_ACTIONS)[number];

/** The next step for the user. */
export interface ErrorHint {
  /** One sentence: what to do now. Never repeats the message. */
  text: string;
  /** A shell command that fixes it, shown as copyable code (e.g. `ollama serve`). */
  command?: string;
  /** A button the GUI offers. `retry` means trying the same request again may help. */
  action?: ErrorAction;
}

export interface ErrorInfo {
  code: ErrorCode | (string & {});
  /** What happened, one sentence, with the specifics (host, model, limit, setting name). */
  message: string;
  hint?: ErrorHint;
  details?: unknown;
}
