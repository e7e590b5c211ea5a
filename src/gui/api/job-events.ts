import type { Job } from '../../shared/models-api';

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

function parseJob(event: Event): Job | null {
  const data = (event as MessageEvent<unknown>).data;
  if (typeof data !== 'string' || data === '') return null;
  try {
    const job = JSON.parse(data) as Job;
    return job && typeof job.id === 'string' && typeof job.status === 'string' ? job : null;
  } catch {
    return null;
  }
}

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
    const job = parseJob(event);
    if (job && !finished) handlers.onUpdate(job);
  };
  const final = (event: Event) => {
    const job = parseJob(event);
    if (finished || !job) return false;
    finished = true;
    source.close();
    handlers.onFinal(job);
    return true;
  };
  source.addEventListener('snapshot', update);
  source.addEventListener('progress', update);
  source.addEventListener('done', final);
  source.addEventListener('cancelled', final);
  // `error` is both the server's final event (with a Job) and the browser's connection error (no data).
  source.addEventListener('error', (event) => {
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
