import {
  type DeltaEvent,
  type DoneEvent,
  type ErrorEvent,
  type SnapshotEvent,
  SSE_EVENTS,
  type StatusEvent,
} from '../../shared/api';
import { IMAGE_SSE_EVENTS, type ImageProgress } from '../../shared/image-api';
import {
  eventPayload,
  isDeltaEvent,
  isDoneEvent,
  isImageProgress,
  isSnapshotEvent,
  isStatusEvent,
  readErrorInfo,
  readEvent,
} from './guards';

export interface GenerationEventHandlers {
  /** Everything generated so far: replace local text with it (sent on every (re)connect). */
  onSnapshot: (event: SnapshotEvent) => void;
  /** New text: append it. */
  onDelta: (event: DeltaEvent) => void;
  onStatus?: (event: StatusEvent) => void;
  /** Image answers: steps of the image being made. */
  onProgress?: (event: ImageProgress) => void;
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

  source.addEventListener(SSE_EVENTS.snapshot, (event) => {
    const data = readEvent(event, isSnapshotEvent);
    if (!data) return;
    // A progress of a shape this GUI cannot read is left out rather than shown broken.
    const { imageProgress, ...rest } = data;
    handlers.onSnapshot(isImageProgress(imageProgress) ? data : rest);
  });
  source.addEventListener(SSE_EVENTS.delta, (event) => {
    const data = readEvent(event, isDeltaEvent);
    if (data) handlers.onDelta(data);
  });
  source.addEventListener(SSE_EVENTS.status, (event) => {
    const data = readEvent(event, isStatusEvent);
    if (data) handlers.onStatus?.(data);
  });
  source.addEventListener(IMAGE_SSE_EVENTS.progress, (event) => {
    const data = readEvent(event, isImageProgress);
    if (data) handlers.onProgress?.(data);
  });
  source.addEventListener(SSE_EVENTS.done, (event) => {
    const data = readEvent(event, isDoneEvent);
    finish();
    if (data) handlers.onDone(data);
  });
  source.addEventListener(SSE_EVENTS.cancelled, () => {
    finish();
    handlers.onCancelled();
  });
  // `error` is both the server's final error event (a MessageEvent with data) and the browser's
  // connection-error event (no data); tell them apart by the payload.
  source.addEventListener(SSE_EVENTS.error, (event) => {
    if (finished) return;
    const data = readErrorInfo(eventPayload(event));
    if (data) {
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
