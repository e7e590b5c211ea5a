/**
 * App-wide events for every open GUI (`GET /api/events`): the model list changed, a model got a new
 * version, a job changed status. Fire-and-forget: a GUI that was not connected refetches on connect.
 */
import type { Health } from '../shared/api';
import { APP_EVENTS, type Job } from '../shared/models-api';
import { CHAT_TITLE_EVENT, type ChatTitleEvent } from '../shared/presets-api';

type OllamaHealth = Health['ollama'];

export type AppEvent =
  | { type: typeof APP_EVENTS.modelsChanged; data: { reason: string } }
  | { type: typeof APP_EVENTS.modelUpdated; data: { model: string; previousDigest: string | null; newDigest: string } }
  | { type: typeof APP_EVENTS.job; data: Job }
  | { type: typeof APP_EVENTS.ollamaStatus; data: OllamaHealth }
  | { type: typeof CHAT_TITLE_EVENT; data: ChatTitleEvent };

/** A client that stops reading loses its oldest events rather than growing the server's memory. */
const MAX_PENDING = 500;

export class AppEventSubscription {
  private readonly pending: AppEvent[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(private readonly onClose: (sub: AppEventSubscription) => void) {}

  push(event: AppEvent): void {
    if (this.closed) return;
    if (this.pending.length >= MAX_PENDING) this.pending.shift();
    this.pending.push(event);
    this.wake?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    this.wake?.();
  }

  async *events(signal: AbortSignal): AsyncGenerator<AppEvent> {
    const onAbort = (): void => this.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!this.closed) {
        const next = this.pending.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.close();
    }
  }
}

export class AppEvents {
  private readonly subscribers = new Set<AppEventSubscription>();

  /** Subscribe before the response starts, so nothing published after the request is missed. */
  subscribe(): AppEventSubscription {
    const sub = new AppEventSubscription((s) => this.subscribers.delete(s));
    this.subscribers.add(sub);
    return sub;
  }

  publish(event: AppEvent): void {
    for (const sub of this.subscribers) sub.push(event);
  }

  modelsChanged(reason: string): void {
    this.publish({ type: APP_EVENTS.modelsChanged, data: { reason } });
  }

  modelUpdated(model: string, previousDigest: string | null, newDigest: string): void {
    this.publish({ type: APP_EVENTS.modelUpdated, data: { model, previousDigest, newDigest } });
  }

  job(job: Job): void {
    this.publish({ type: APP_EVENTS.job, data: job });
  }

  ollamaStatus(health: OllamaHealth): void {
    this.publish({ type: APP_EVENTS.ollamaStatus, data: health });
  }

  chatTitle(event: ChatTitleEvent): void {
    this.publish({ type: CHAT_TITLE_EVENT, data: event });
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    for (const sub of [...this.subscribers]) sub.close();
  }
}
