/** The two silences a chat stream may not exceed: before the first token, and between chunks after it. */
export type StreamTimeout = 'first-token' | 'idle';

export class StreamWatchdog {
  private firstTokenTimer: ReturnType<typeof setTimeout> | null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private sawToken = false;

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
    this.clearIdle();
    if (hasToken && !this.sawToken) {
      this.sawToken = true;
      if (this.firstTokenTimer) clearTimeout(this.firstTokenTimer);
      this.firstTokenTimer = null;
    }
  }

  /** The consumer wants the next chunk; time spent in the consumer does not count as silence. */
  awaitingChunk(): void {
    if (!this.sawToken) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => this.onTimeout('idle'), this.idleTimeoutMs);
  }

  stop(): void {
    this.clearIdle();
    if (this.firstTokenTimer) clearTimeout(this.firstTokenTimer);
    this.firstTokenTimer = null;
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
