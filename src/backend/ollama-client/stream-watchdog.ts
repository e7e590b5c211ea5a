/** The two silences a chat stream may not exceed: before the first token, and between chunks after it. */
export type StreamTimeout = 'first-token' | 'idle';

/**
 * One idle timer for the whole stream, checked lazily: re-arming a timer per chunk cost more than
 * the rest of the relay's per-token work (issue 12). While the consumer waits for a chunk the time
 * counts; when the timer fires it ends the stream only if the wait so far reached the limit, and
 * otherwise sleeps for what is left of it.
 */
export class StreamWatchdog {
  private firstTokenTimer: ReturnType<typeof setTimeout> | null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private sawToken = false;
  /** Date.now() when the consumer started waiting for the next chunk; null while it is not waiting. */
  private waitingSince: number | null = null;
  private stopped = false;

  /** Starts the first-token clock at once: it counts from the request, headers included. */
  constructor(
    firstTokenTimeoutMs: number,
    private readonly idleTimeoutMs: number,
    private readonly onTimeout: (which: StreamTimeout) => void,
  ) {
    this.firstTokenTimer = setTimeout(() => this.onTimeout('first-token'), firstTokenTimeoutMs);
  }

  /** A chunk arrived; `hasToken` when it carried non-empty content or thinking. */
  chunkArrived(hasToken: boolean): void {
    this.waitingSince = null;
    if (hasToken && !this.sawToken) {
      this.sawToken = true;
      if (this.firstTokenTimer) clearTimeout(this.firstTokenTimer);
      this.firstTokenTimer = null;
    }
  }

  /** The consumer wants the next chunk; time spent in the consumer does not count as silence. */
  awaitingChunk(): void {
    if (!this.sawToken || this.stopped) return;
    this.waitingSince = Date.now();
    if (this.idleTimer === null) this.armIdle(this.idleTimeoutMs);
  }

  stop(): void {
    this.stopped = true;
    this.waitingSince = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.firstTokenTimer) clearTimeout(this.firstTokenTimer);
    this.firstTokenTimer = null;
  }

  private armIdle(ms: number): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.stopped || this.waitingSince === null) return; // the consumer re-arms when it waits again
      const waited = Date.now() - this.waitingSince;
      if (waited >= this.idleTimeoutMs) this.onTimeout('idle');
      else this.armIdle(this.idleTimeoutMs - waited);
    }, ms);
  }
}
