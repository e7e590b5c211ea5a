/**
 * Writes a streaming answer's partial text to SQLite at most once per interval (DESIGN §4.5), never
 * per token. `stop()` waits for a write in flight so the final write always lands last.
 */
export class ProgressFlusher {
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly write: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  markDirty(): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopped) return;
      this.inflight = this.write()
        .catch(this.onError)
        .finally(() => {
          this.inflight = null;
        });
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inflight;
  }
}
