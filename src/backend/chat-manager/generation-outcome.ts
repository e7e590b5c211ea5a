/**
 * The one place that decides how a generation ends: from how its run ended (or why it never ran)
 * to the status and error stored with the answer, and from a stored answer to its final SSE event.
 * A live stream and a late subscriber reading the database get the same final event this way.
 */
import type { ErrorInfo, GenerationMetrics, Message, MessageStatus } from '../../shared/api';
import { ERROR_CODES } from '../../shared/error-codes';
import { type AppError, InternalError, interruptedError, isAppError, NetworkError } from '../errors';
import type { FinalEvent, StopReason } from './generation';

/** How a run ended, before it is classified. */
export type RunEnd =
  | { kind: 'done'; metrics: GenerationMetrics | null; modelDigest: string | null }
  /** The stream threw; `stopReason` says whether we stopped it ourselves. */
  | { kind: 'failed'; error: unknown; stopReason: StopReason | null }
  /** Removed from the queue before it started. */
  | { kind: 'unstarted'; stopReason: StopReason };

/** What is written with the answer. */
export interface Ending {
  status: Extract<MessageStatus, 'complete' | 'error' | 'cancelled' | 'interrupted'>;
  error: ErrorInfo | null;
  metrics: GenerationMetrics | null;
  modelDigest?: string | null;
  /** The failure as an AppError when the run failed on its own (for logging and cache invalidation). */
  failure?: AppError;
  /** The run threw something that is not an AppError: a bug, worth a log line with the original. */
  unexpected?: boolean;
}

export const INTERRUPTED: ErrorInfo = interruptedError();

const stopped: Record<StopReason, Ending> = {
  cancel: { status: 'cancelled', error: null, metrics: null },
  shutdown: { status: 'interrupted', error: INTERRUPTED, metrics: null },
};

export function endingOf(end: RunEnd): Ending {
  switch (end.kind) {
    case 'done':
      return { status: 'complete', error: null, metrics: end.metrics, modelDigest: end.modelDigest };
    case 'unstarted':
      return stopped[end.stopReason];
    case 'failed': {
      if (end.stopReason) return stopped[end.stopReason];
      const failure = toAppError(end.error);
      return {
        status: 'error',
        error: failure.toJSON(),
        metrics: null,
        failure,
        unexpected: !isAppError(end.error),
      };
    }
  }
}

/**
 * The final SSE event of an answer that has ended. `stored` is the answer as written (required for
 * `complete`, whose event carries it). Statuses that are not an end (`queued`, `streaming` of an
 * answer no run owns any more) read as interrupted.
 */
export function finalEvent(
  ending: { status: MessageStatus; error: ErrorInfo | null; metrics: GenerationMetrics | null },
  stored: Message | null,
): FinalEvent {
  switch (ending.status) {
    case 'complete':
      if (stored) return { type: 'done', data: { message: stored, metrics: ending.metrics } };
      return { type: 'error', data: new InternalError('This answer could not be stored.').toJSON() };
    case 'cancelled':
      return { type: 'cancelled', data: {} };
    case 'error':
      return { type: 'error', data: ending.error ?? new InternalError('This answer failed.').toJSON() };
    default:
      return { type: 'error', data: ending.error ?? INTERRUPTED };
  }
}

/** Final event of an answer read back from the database. */
export function finalEventOfStored(msg: Message): FinalEvent {
  return finalEvent(msg, msg);
}

function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof Error && err.name === 'AbortError') {
    return new NetworkError(ERROR_CODES.ollamaDropped, 'The request to Ollama was aborted.');
  }
  return new InternalError('Something went wrong on the server while generating this answer.');
}
