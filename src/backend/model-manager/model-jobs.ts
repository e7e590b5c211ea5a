/**
 * Server-side pulls and updates: at most `maxConcurrent` download at once, the rest wait in order.
 * A job does not depend on any browser; only cancel (or shutdown) aborts its Ollama request. Finished
 * jobs are kept in memory for a while so a GUI that reconnects can still see how they ended.
 */
import type { ErrorInfo } from '../../shared/error-info';
import { canonicalModelName } from '../../shared/model-name';
import type { Job } from '../../shared/models-api';
import { newIdFactory } from '../../utils/ids';
import type { Logger } from '../../utils/logger';
import type { AppEvents } from '../app-events';
import { ConflictError, InternalError, isAppError, NotFoundError } from '../errors';
import type { History } from '../history-manager';
import type { OllamaGateway } from '../ollama-client';
import type { ModelCatalog } from './model-catalog';
import { type JobEvent, type JobKind, ModelJob } from './model-job';

export interface ModelJobsOptions {
  maxConcurrent: number;
  /** Finished jobs kept for `GET /api/jobs` and late subscribers. */
  keepFinished?: number;
  /** Minimum time between two `progress` events of one subscriber. */
  progressIntervalMs?: number;
}

const newId = newIdFactory();

export class ModelJobs {
  private readonly jobs = new Map<string, ModelJob>();
  private readonly waiting: ModelJob[] = [];
  private readonly running = new Set<ModelJob>();
  private readonly runs = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
    private readonly history: History,
    private readonly appEvents: AppEvents,
    private readonly opts: ModelJobsOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts (or queues) a pull; a pull or update of the same model that has not finished is returned instead. */
  startPull(model: string): ModelJob {
    return this.start('pull', model, null);
  }

  /** An update is a re-pull that remembers the digest it started from. */
  startUpdate(model: string, previousDigest: string | null): ModelJob {
    return this.start('update', model, previousDigest);
  }

  /** The unfinished job of a model (any spelling of its name), if there is one. */
  activeFor(model: string): ModelJob | undefined {
    const wanted = canonicalModelName(model);
    return [...this.running, ...this.waiting].find((j) => canonicalModelName(j.model) === wanted);
  }

  get(id: string): ModelJob {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError('Job', id);
    return job;
  }

  /** Running, then waiting (in order), then finished ones, newest first. */
  list(): Job[] {
    const finished = [...this.jobs.values()].filter((j) => j.finished).reverse();
    return [...this.running, ...this.waiting, ...finished].map((j) => j.snapshot());
  }

  async cancel(id: string): Promise<Job> {
    const job = this.get(id);
    if (job.finished) throw new ConflictError('This job has already finished.');
    const i = this.waiting.indexOf(job);
    if (i !== -1) {
      this.waiting.splice(i, 1);
      this.end(job, 'cancelled');
      return job.snapshot();
    }
    job.abort.abort();
    // The run notices the abort and finishes the job as cancelled.
    await job.whenFinished;
    return job.snapshot();
  }

  events(id: string, signal: AbortSignal): AsyncGenerator<JobEvent> {
    return this.get(id).events(signal, this.opts.progressIntervalMs);
  }

  /** Aborts every download and drops what waits; Ollama keeps partial downloads for a later pull. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    for (const job of this.waiting.splice(0)) this.end(job, 'cancelled');
    for (const job of this.running) job.abort.abort();
    await Promise.allSettled([...this.runs]);
  }

  private start(kind: JobKind, model: string, previousDigest: string | null): ModelJob {
    if (this.stopping)
      throw new ConflictError('The server is shutting down.', {
        text: 'Try again once it has restarted.',
        action: 'retry',
      });
    const existing = this.activeFor(model);
    if (existing) return existing;
    const job = new ModelJob(newId(), kind, model, previousDigest);
    this.jobs.set(job.id, job);
    this.waiting.push(job);
    this.appEvents.job(job.snapshot());
    this.pump();
    return job;
  }

  private pump(): void {
    while (!this.stopping && this.running.size < this.opts.maxConcurrent) {
      const job = this.waiting.shift();
      if (!job) return;
      this.running.add(job);
      const run = this.run(job).finally(() => {
        this.running.delete(job);
        this.runs.delete(run);
        this.pump();
      });
      this.runs.add(run);
    }
  }

  private async run(job: ModelJob): Promise<void> {
    job.markRunning();
    this.appEvents.job(job.snapshot());
    try {
      if (job.kind === 'update' && job.previousDigest) {
        // The version being replaced belongs in the history even if no chat ever used it.
        await this.history.models
          .recordSeen(job.model, job.previousDigest)
          .catch((err: unknown) => this.logger.warn({ err, model: job.model }, 'could not record the model version'));
      }
      for await (const progress of this.ollama.pull(job.model, job.abort.signal)) job.progress(progress);
      const newDigest = await this.installedDigest(job);
      this.end(job, 'done', { newDigest });
      if (job.kind === 'update' && newDigest && newDigest !== job.previousDigest) {
        this.appEvents.modelUpdated(job.model, job.previousDigest, newDigest);
      }
      this.appEvents.modelsChanged(job.kind === 'update' ? 'updated' : 'pulled');
    } catch (err) {
      if (job.abort.signal.aborted) {
        this.end(job, 'cancelled');
        return;
      }
      if (!isAppError(err)) this.logger.error({ err, job: job.id, model: job.model }, 'model job failed unexpectedly');
      const appErr = isAppError(err) ? err : new InternalError(`Pulling '${job.model}' failed on the server.`);
      const message =
        job.kind === 'update'
          ? `Updating ${job.model} failed; the installed version is unchanged. ${appErr.message}`
          : appErr.message;
      this.end(job, 'error', { error: { code: appErr.code, message, hint: appErr.hint } });
    }
  }

  /** After a successful pull: the digest /api/tags now lists (recorded as seen); null if it cannot be read. */
  private async installedDigest(job: ModelJob): Promise<string | null> {
    this.catalog.invalidate();
    try {
      const installed = await this.catalog.find(job.model);
      if (!installed?.digest) return null;
      await this.history.models.recordSeen(installed.name, installed.digest);
      return installed.digest;
    } catch (err) {
      // The download itself succeeded; only the bookkeeping after it failed.
      this.logger.warn({ err, job: job.id, model: job.model }, 'could not read the digest after a pull');
      return null;
    }
  }

  private end(
    job: ModelJob,
    status: 'done' | 'error' | 'cancelled',
    extra: { newDigest?: string | null; error?: ErrorInfo } = {},
  ): void {
    job.finish(status, extra);
    this.appEvents.job(job.snapshot());
    this.pruneFinished();
  }

  private pruneFinished(): void {
    const keep = this.opts.keepFinished ?? 50;
    const finished = [...this.jobs.values()].filter((j) => j.finished);
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(job.id);
  }
}
