import { APP_EVENTS, type Job } from '../../shared/models-api';
import { CHAT_TITLE_EVENT, type ChatTitleEvent } from '../../shared/presets-api';
import { eventPayload, isJob, isRecord, readEvent } from './guards';

function isChatTitleEvent(value: unknown): value is ChatTitleEvent {
  return (
    isRecord(value) &&
    typeof value.chatId === 'string' &&
    typeof value.title === 'string' &&
    typeof value.updatedAt === 'string'
  );
}

export interface ModelUpdatedEvent {
  model: string;
  previousDigest: string | null;
  newDigest: string | null;
}

const isDigest = (value: unknown) => value === null || typeof value === 'string';

function isModelUpdatedEvent(value: unknown): value is ModelUpdatedEvent {
  return (
    isRecord(value) && typeof value.model === 'string' && isDigest(value.previousDigest) && isDigest(value.newDigest)
  );
}

export interface AppEventHandlers {
  onModelsChanged?: (event: { reason?: string }) => void;
  onModelUpdated?: (event: ModelUpdatedEvent) => void;
  onJob?: (job: Job) => void;
  /** Ollama became reachable or unreachable (the server noticed a failed request or a probe). */
  onOllamaStatus?: () => void;
  /** A chat got a generated title. */
  onChatTitle?: (event: ChatTitleEvent) => void;
  /**
   * The stream is open (again): whatever was missed while it was down should be refetched. `reconnected`: it
   * was open before and dropped (the server may have restarted meanwhile).
   */
  onOpen?: (reconnected: boolean) => void;
}

type EventSourceFactory = (url: string) => EventSource;

const RETRY_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

/**
 * Subscribes to the app-wide `GET /api/events` stream. The browser reconnects after blips by itself;
 * when it gives up (the server was down, or answered with an error), this opens it again with back-off.
 */
export function subscribeToAppEvents(
  handlers: AppEventHandlers,
  createEventSource: EventSourceFactory = (url) => new EventSource(url),
): () => void {
  let source: EventSource | null = null;
  let stopped = false;
  let failures = 0;
  let opens = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    if (stopped) return;
    const es = createEventSource('/api/events');
    source = es;
    es.addEventListener('open', () => {
      failures = 0;
      opens += 1;
      handlers.onOpen?.(opens > 1);
    });
    es.addEventListener(APP_EVENTS.modelsChanged, (event) => {
      const data = eventPayload(event);
      handlers.onModelsChanged?.(isRecord(data) && typeof data.reason === 'string' ? { reason: data.reason } : {});
    });
    es.addEventListener(APP_EVENTS.modelUpdated, (event) => {
      const data = readEvent(event, isModelUpdatedEvent);
      if (data) handlers.onModelUpdated?.(data);
    });
    es.addEventListener(APP_EVENTS.job, (event) => {
      const job = readEvent(event, isJob);
      if (job) handlers.onJob?.(job);
    });
    es.addEventListener(APP_EVENTS.ollamaStatus, () => handlers.onOllamaStatus?.());
    es.addEventListener(CHAT_TITLE_EVENT, (event) => {
      const data = readEvent(event, isChatTitleEvent);
      if (data) handlers.onChatTitle?.(data);
    });
    es.addEventListener('error', () => {
      if (stopped || es.readyState !== EventSource.CLOSED) return;
      es.close();
      const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 60_000;
      failures += 1;
      timer = setTimeout(open, delay);
    });
  };

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
