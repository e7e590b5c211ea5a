/**
 * One server-side pull or update. It owns its progress and its subscribers, not the Ollama request
 * (ModelJobs runs that). Subscribers get a snapshot, then throttled progress, then one final event,
 * as generations do (DESIGN §4.4), so a reconnect always starts from the current state.
 */
import type { ErrorInfo } from '../../shared/error-info';
import { JOB_EVENTS, type Job, type JobStatus } from '../../shared/models-api';
import type { PullProgress } from '../ollama-client';
import { PullTracker } from './pull-tracker';

export type JobKind = Job['kind'];
export type JobEvent = { type: (typeof JOB_EVENTS)[keyof typeof JOB_EVENTS]; data: Job };
type FinalStatus = Extract<JobStatus, 'done' | 'error' | 'cancelled'>;

export class ModelJob {
  readonly abort = new AbortController();
  private readonly tracker = new PullTracker();
  private state: Job;
  private version = 0;
  private readonly waiters = new Set<() => void>();
  private resolveFinished: () => void = () => undefined;
  /** Resolves when the job reaches done, error or cancelled. */
  readonly whenFinished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(
    id: string,
    kind: JobKind,
    model: string,
    previousDigest: string | null,
    private readonly now: () => number = Date.now,
  ) {
    this.state = {
      id,
      kind,
      model,
      status: 'queued',
      phase: 'queued',
      completed: 0,
      total: 0,
      layers: [],
      bytesPerSecond: null,
      etaSeconds: null,
      createdAt: new Date(now()).toISOString(),
      finishedAt: null,
      error: null,
      previousDigest,
      newDigest: null,
    };
  }

  get id(): string {
    return this.state.id;
  }

  get kind(): JobKind {
    return this.state.kind;
  }

  get model(): string {
    return this.state.model;
  }

  get status(): JobStatus {
    return this.state.status;
  }

  get previousDigest(): string | null {
    return this.state.previousDigest;
  }

  get finished(): boolean {
    return this.state.status === 'done' || this.state.status === 'error' || this.state.status === 'cancelled';
  }

  get finishedAt(): string | null {
    return this.state.finishedAt;
  }

  /** A copy: speed and time left are computed for this moment. */
  snapshot(): Job {
    const now = this.now();
    const live = this.state.status === 'running';
    return {
      ...this.state,
      layers: this.tracker.layerList(),
      bytesPerSecond: live ? this.tracker.bytesPerSecond(now) : this.state.bytesPerSecond,
      etaSeconds: live ? this.tracker.etaSeconds(now) : this.state.etaSeconds,
      error: this.state.error ? { ...this.state.error } : null,
    };
  }

  markRunning(): void {
    this.change({ status: 'running', phase: 'starting' });
  }

  progress(p: PullProgress): void {
    this.tracker.apply(p, this.now());
    this.change({ phase: this.tracker.phase, completed: this.tracker.completed, total: this.tracker.total });
  }

  finish(status: FinalStatus, extra: { newDigest?: string | null; error?: ErrorInfo } = {}): void {
    if (this.finished) return;
    const now = this.now();
    const last = this.snapshot();
    this.change({
      status,
      phase: status === 'done' ? 'success' : this.tracker.phase || status,
      finishedAt: new Date(now).toISOString(),
      bytesPerSecond: last.bytesPerSecond,
      etaSeconds: status === 'done' ? 0 : null,
      error: extra.error ?? null,
      newDigest: extra.newDigest ?? null,
    });
    this.resolveFinished();
  }

  /** Snapshot, progress at most once per `minIntervalMs`, then the final event; ends when `signal` aborts. */
  async *events(signal: AbortSignal, minIntervalMs = 100): AsyncGenerator<JobEvent> {
    yield { type: JOB_EVENTS.snapshot, data: this.snapshot() };
    let sent = this.version;
    let sentAt = this.now();
    while (!signal.aborted) {
      if (this.finished) {
        yield { type: this.state.status as FinalStatus, data: this.snapshot() };
        return;
      }
      if (this.version === sent) {
        await this.nextChange(signal);
        continue;
      }
      // Throttle: wait out the interval, but let the final event through at once.
      for (let wait = sentAt + minIntervalMs - this.now(); wait > 0 && !this.finished && !signal.aborted; ) {
        await this.nextChange(signal, wait);
        wait = sentAt + minIntervalMs - this.now();
      }
      if (this.finished || signal.aborted) continue;
      sent = this.version;
      sentAt = this.now();
      yield { type: JOB_EVENTS.progress, data: this.snapshot() };
    }
  }

  private change(patch: Partial<Job>): void {
    Object.assign(this.state, patch);
    this.version += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next change, after `timeoutMs`, or when `signal` aborts, whichever comes first. */
  private nextChange(signal: AbortSignal, timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      if (signal.aborted) return resolve();
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
    });
  }
}
