/** One running /api/chat answer: pacing, backpressure, and stopping as soon as the client goes away. */
import type { ServerResponse } from 'node:http';

export type GenerationEnd = 'done' | 'client-abort' | 'server-close' | 'error-line' | 'dropped' | 'malformed';

export interface GenerationRecord {
  id: number;
  model: string;
  startedAt: number;
  /** NDJSON chunks written so far (answer chunks, not counting the final `done` chunk). */
  chunksSent: number;
  /** null while it is still generating, stalling or hanging. */
  endedBy: GenerationEnd | null;
  endedAt: number | null;
}

export class Generation {
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly res: ServerResponse,
    readonly record: GenerationRecord,
    isServerClosing: () => boolean,
  ) {
    res.once('close', () => {
      if (!res.writableFinished) this.end(isServerClosing() ? 'server-close' : 'client-abort');
    });
  }

  get active(): boolean {
    return !this.stopped;
  }

  end(reason: GenerationEnd): void {
    if (this.record.endedBy === null) {
      this.record.endedBy = reason;
      this.record.endedAt = Date.now();
    }
    this.stopped = true;
    this.wake?.();
  }

  /** Resolves after `ms`, or at once when the generation stops; true while still active. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(!this.stopped);
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(false);
      };
    });
  }

  /** Waits forever (until the client or the fake closes the connection). */
  async waitForClose(): Promise<void> {
    while (await this.sleep(60_000)) {
      // keep the socket open; nothing is ever written
    }
  }

  /** Writes and honours backpressure; false once the generation has stopped. */
  async write(data: string | Buffer): Promise<boolean> {
    if (this.stopped) return false;
    if (this.res.write(data)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.wake = null;
        resolve();
      };
      this.res.once('drain', done);
      this.wake = done;
    });
    return !this.stopped;
  }
}
