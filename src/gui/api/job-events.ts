import { JOB_EVENTS, type Job } from '../../shared/models-api';
import { isJob, readEvent } from './guards';

export interface JobEventHandlers {
  /** The whole job (sent first, and again after every reconnect) or a progress update: replace it. */
  onUpdate: (job: Job) => void;
  /** The job ended (`done`, `error` or `cancelled`); the stream is closed. */
  onFinal: (job: Job) => void;
  /** The stream could not be (re)opened (e.g. 404 for a job the server forgot). */
  onUnavailable?: () => void;
}

type EventSourceFactory = (url: string) => EventSource;

const defaultFactory: EventSourceFactory = (url) => new EventSource(url);

/**
 * Subscribes to `GET /api/jobs/:id/events`: `snapshot`, `progress`…, then one of `done` | `error` |
 * `cancelled` (each carries the whole Job). Closed on the final event so it does not reconnect.
 */
export function subscribeToJob(
  jobId: string,
  handlers: JobEventHandlers,
  createEventSource: EventSourceFactory = defaultFactory,
): () => void {
  const source = createEventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
  let finished = false;
  const update = (event: Event) => {
    const job = readEvent(event, isJob);
    if (job && !finished) handlers.onUpdate(job);
  };
  const final = (event: Event) => {
    const job = readEvent(event, isJob);
    if (finished || !job) return false;
    finished = true;
    source.close();
    handlers.onFinal(job);
    return true;
  };
  source.addEventListener(JOB_EVENTS.snapshot, update);
  source.addEventListener(JOB_EVENTS.progress, update);
  source.addEventListener(JOB_EVENTS.done, final);
  source.addEventListener(JOB_EVENTS.cancelled, final);
  // `error` is both the server's final event (with a Job) and the browser's connection error (no data).
  source.addEventListener(JOB_EVENTS.error, (event) => {
    if (finished || final(event)) return;
    if (source.readyState === EventSource.CLOSED) {
      finished = true;
      handlers.onUnavailable?.();
    }
  });
  return () => {
    finished = true;
    source.close();
  };
}
