/**
 * One server-side answer being generated. It owns the text so far and its subscribers; it does not
 * know about HTTP or SQLite. Subscribers pull coalesced deltas at their own pace (DESIGN §4.4).
 */
import type { ChatOptions, DoneEvent, ErrorEvent, GenerationParams, MessageStatus } from '../../shared/api';
import type { ImageOptions, ImageProgress } from '../../shared/image-api';

export type FinalEvent =
  | { type: 'done'; data: DoneEvent }
  | { type: 'error'; data: ErrorEvent }
  | { type: 'cancelled'; data: Record<string, never> };

export type StreamEvent =
  | {
      type: 'snapshot';
      data: {
        messageId: string;
        content: string;
        thinking: string;
        status: MessageStatus;
        imageProgress?: ImageProgress;
      };
    }
  | { type: 'delta'; data: { content?: string; thinking?: string } }
  | { type: 'progress'; data: ImageProgress }
  | { type: 'status'; data: { status: MessageStatus } }
  | FinalEvent;

export interface GenerationSpec {
  /** Equals the assistant message id. */
  id: string;
  chatId: string;
  model: string;
  /** Per-message Ollama options; they override the chat's. */
  options?: ChatOptions;
  /** Content already present (continue of an interrupted answer). */
  initialContent?: string;
  initialThinking?: string;
  /** Continues `initialContent` in place instead of starting a new answer. */
  continuing?: boolean;
  /** Image answers: size, steps, seed, count as asked for. */
  image?: ImageOptions;
  /** The message this answers (its parent in the tree; null for a root), known when it was stored. */
  parentId: string | null;
}

/** Why a generation was stopped before Ollama finished it. */
export type StopReason = 'cancel' | 'shutdown';

/** Wake subscribers after this many tokens even if the coalescing timer has not fired yet. */
const TOKENS_PER_EVENT = 256;

export class Generation {
  readonly id: string;
  readonly chatId: string;
  readonly model: string;
  readonly options: ChatOptions | undefined;
  readonly continuing: boolean;
  readonly image: ImageOptions | undefined;
  /** The answer's parent (null for a root): the runner reads the context up from it. */
  readonly parentId: string | null;
  /** Image answers: steps of the image being made (null until the image runner starts). */
  imageProgress: ImageProgress | null = null;
  status: MessageStatus = 'queued';
  content: string;
  thinking: string;
  final: FinalEvent | null = null;
  /** What the runner sent to Ollama, stored with the answer (Message.params). */
  params: GenerationParams | null = null;
  readonly #abort = new AbortController();
  #stopReason: StopReason | null = null;
  private readonly subscribers = new Set<Subscriber>();
  private tickTimer: NodeJS.Timeout | null = null;
  private tokensSinceTick = 0;
  /** When the last event was sent (performance.now()); null before the first. */
  private lastTickAt: number | null = null;

  constructor(
    spec: GenerationSpec,
    private readonly coalesceMs: number,
  ) {
    this.id = spec.id;
    this.chatId = spec.chatId;
    this.model = spec.model;
    this.options = spec.options;
    this.continuing = spec.continuing ?? false;
    this.image = spec.image;
    this.parentId = spec.parentId;
    this.content = spec.initialContent ?? '';
    this.thinking = spec.initialThinking ?? '';
  }

  /** Aborted by `abort()`; handed to the Ollama stream. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** The first reason `abort()` was called with, or null while nobody stopped it. */
  get stopReason(): StopReason | null {
    return this.#stopReason;
  }

  /** Stops the stream. A user's cancel wins over shutdown: what they asked for is what is stored. */
  abort(reason: StopReason): void {
    if (reason === 'cancel' || this.#stopReason === null) this.#stopReason = reason;
    this.#abort.abort();
  }

  get finished(): boolean {
    return this.final !== null;
  }

  setStatus(status: MessageStatus): void {
    this.status = status;
    for (const s of this.subscribers) s.pushStatus(status);
  }

  setImageProgress(progress: ImageProgress): void {
    this.imageProgress = progress;
    for (const s of this.subscribers) s.pushProgress();
  }

  /** `tokens`: how many of Ollama's chunks the text joins (a read's worth arrive together). */
  append(content: string, thinking: string, tokens = 1): void {
    this.content += content;
    this.thinking += thinking;
    this.tokensSinceTick += tokens;
    // At most one event per interval, sent as soon as the interval allows: the first token at once (time
    // to first token is what users feel), and a slow model's token as soon as it comes once the last
    // event is an interval old, not a full interval after it came.
    if (this.tickTimer !== null) {
      if (this.tokensSinceTick >= TOKENS_PER_EVENT) this.tick();
      return;
    }
    const wait = this.lastTickAt === null ? 0 : this.coalesceMs - (performance.now() - this.lastTickAt);
    if (wait <= 0 || this.tokensSinceTick >= TOKENS_PER_EVENT) this.tick();
    else this.tickTimer = setTimeout(() => this.tick(), wait);
  }

  /**
   * Sends at once what the coalescing holds. The runner calls it before it stores the partial text, so
   * stored text has always gone to the subscribers first: after a crash the stored answer is a prefix of
   * what the reader saw (issue 8), not text they never got.
   */
  sendHeld(): void {
    if (this.tickTimer !== null) this.tick();
  }

  finish(final: FinalEvent): void {
    if (this.final) return;
    this.final = final;
    this.tick();
  }

  subscribe(): Subscriber {
    const sub = new Subscriber(this, () => this.subscribers.delete(sub));
    this.subscribers.add(sub);
    return sub;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  private tick(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.tokensSinceTick = 0;
    this.lastTickAt = performance.now();
    for (const s of this.subscribers) s.wake();
  }
}

/**
 * One SSE client. Yields `snapshot` first, then deltas computed from how much it has already been
 * sent, so a slow client gets bigger deltas instead of an unbounded backlog.
 */
export class Subscriber {
  private contentSent = 0;
  private thinkingSent = 0;
  private waiter: (() => void) | null = null;
  /** A wake that arrived while this subscriber was busy yielding; consumed before waiting. */
  private woken = false;
  private pendingStatus: MessageStatus | null = null;
  private pendingProgress = false;
  private closed = false;

  constructor(
    private readonly generation: Generation,
    private readonly onClose: () => void,
  ) {}

  wake(): void {
    const w = this.waiter;
    this.waiter = null;
    if (w) w();
    else this.woken = true;
  }

  pushStatus(status: MessageStatus): void {
    this.pendingStatus = status;
    this.wake();
  }

  pushProgress(): void {
    this.pendingProgress = true;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.onClose();
    this.wake();
  }

  async *events(): AsyncGenerator<StreamEvent> {
    const g = this.generation;
    try {
      this.contentSent = g.content.length;
      this.thinkingSent = g.thinking.length;
      yield {
        type: 'snapshot',
        data: {
          messageId: g.id,
          content: g.content,
          thinking: g.thinking,
          status: g.status,
          ...(g.imageProgress ? { imageProgress: g.imageProgress } : {}),
        },
      };
      this.pendingProgress = false;
      while (!this.closed) {
        if (this.pendingStatus) {
          const status = this.pendingStatus;
          this.pendingStatus = null;
          yield { type: 'status', data: { status } };
        }
        if (this.pendingProgress && g.imageProgress) {
          this.pendingProgress = false;
          yield { type: 'progress', data: g.imageProgress };
        }
        const delta = this.takeDelta();
        if (delta) yield { type: 'delta', data: delta };
        if (g.final) {
          yield g.final;
          return;
        }
        if (this.woken || this.pendingStatus || this.pendingProgress) {
          this.woken = false;
          continue;
        }
        await new Promise<void>((resolve) => {
          this.waiter = resolve;
        });
      }
    } finally {
      this.closed = true;
      this.onClose();
    }
  }

  private takeDelta(): { content?: string; thinking?: string } | null {
    const g = this.generation;
    const delta: { content?: string; thinking?: string } = {};
    if (g.thinking.length > this.thinkingSent) {
      delta.thinking = g.thinking.slice(this.thinkingSent);
      this.thinkingSent = g.thinking.length;
    }
    if (g.content.length > this.contentSent) {
      delta.content = g.content.slice(this.contentSent);
      this.contentSent = g.content.length;
    }
    return delta.content === undefined && delta.thinking === undefined ? null : delta;
  }
}
