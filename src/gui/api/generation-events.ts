import type { DeltaEvent, DoneEvent, ErrorEvent, SnapshotEvent, StatusEvent } from '../../shared/api';

export interface GenerationEventHandlers {
  /** Everything generated so far: replace local text with it (sent on every (re)connect). */
  onSnapshot: (event: SnapshotEvent) => void;
  /** New text: append it. */
  onDelta: (event: DeltaEvent) => void;
  onStatus?: (event: StatusEvent) => void;
  onDone: (event: DoneEvent) => void;
  /** The generation failed (a final server event, not a network problem). */
  onError: (event: ErrorEvent) => void;
  onCancelled: () => void;
  /**
   * The stream could not be (re)opened and the browser gave up (e.g. 404 for an unknown generation).
   * While the browser is still retrying after a network blip this is not called.
   */
  onUnavailable?: () => void;
  /** The connection dropped and the browser is retrying (it then gets a fresh snapshot). */
  onReconnecting?: () => void;
}

type EventSourceFactory = (url: string) => EventSource;

const defaultFactory: EventSourceFactory = (url) => new EventSource(url);

function parse<T>(event: Event): T | null {
  const data = (event as MessageEvent<unknown>).data;
  if (typeof data !== 'string' || data === '') return null;
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

/**
 * Subscribes to `GET /api/generations/:id/events` (snapshot, then deltas, then exactly one final event).
 * The EventSource reconnects by itself after a network blip and then gets a fresh snapshot; it is closed
 * on the final event so it does not reconnect to a finished stream. Returns an unsubscribe function.
 */
export function subscribeToGeneration(
  generationId: string,
  handlers: GenerationEventHandlers,
  createEventSource: EventSourceFactory = defaultFactory,
): () => void {
  const source = createEventSource(`/api/generations/${encodeURIComponent(generationId)}/events`);
  let finished = false;
  const finish = () => {
    finished = true;
    source.close();
  };

  source.addEventListener('snapshot', (event) => {
    const data = parse<SnapshotEvent>(event);
    if (data) handlers.onSnapshot(data);
  });
  source.addEventListener('delta', (event) => {
    const data = parse<DeltaEvent>(event);
    if (data) handlers.onDelta(data);
  });
  source.addEventListener('status', (event) => {
    const data = parse<StatusEvent>(event);
    if (data) handlers.onStatus?.(data);
  });
  source.addEventListener('done', (event) => {
    const data = parse<DoneEvent>(event);
    finish();
    if (data) handlers.onDone(data);
  });
  source.addEventListener('cancelled', () => {
    finish();
    handlers.onCancelled();
  });
  // `error` is both the server's final error event (a MessageEvent with data) and the browser's
  // connection-error event (no data); tell them apart by the payload.
  source.addEventListener('error', (event) => {
    if (finished) return;
    const data = parse<ErrorEvent>(event);
    if (data && typeof data.code === 'string') {
      finish();
      handlers.onError(data);
      return;
    }
    if (source.readyState === EventSource.CLOSED) {
      finished = true;
      handlers.onUnavailable?.();
    } else {
      handlers.onReconnecting?.();
    }
  });

  return () => {
    finished = true;
    source.close();
  };
}
