/**
 * Keeps opted-in models up to date: every `autoUpdateIntervalHours` (re-read from the settings each
 * time) it starts an update job per opted-in model. A model that is answering is never touched; the
 * scheduled run tries it again a minute later. Also runs on demand for the "check for updates" button.
 */
import type { ModelSummary } from '../../shared/api';
import { canonicalModelName } from '../../shared/model-name';
import type { UpdateCheckResponse } from '../../shared/models-api';
import type { Logger } from '../../utils/logger';
import type { History } from '../history-manager';
import type { ModelCatalog } from './model-catalog';
import type { ModelJobs } from './model-jobs';

export interface AutoUpdaterOptions {
  /** The first scheduled run after start: not during start-up, but not a whole interval later either. */
  firstCheckDelayMs?: number;
  /** When models skipped because they were generating are tried again. */
  retryDelayMs?: number;
  /** The timer wakes at least this often to re-read the interval (and never overflows setTimeout). */
  wakeEveryMs?: number;
}

const HOUR_MS = 3_600_000;
const DEFAULT_INTERVAL_HOURS = 24;
export const SKIP_GENERATING = 'generating';
export const SKIP_NOT_INSTALLED = 'not installed';

export class AutoUpdater {
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly deferred = new Set<string>();
  private lastRunAt: number | null = null;
  private stopped = true;
  private readonly firstCheckDelayMs: number;
  private readonly retryDelayMs: number;
  private readonly wakeEveryMs: number;

  constructor(
    private readonly history: History,
    private readonly catalog: ModelCatalog,
    private readonly jobs: ModelJobs,
    private readonly isGenerating: (model: string) => boolean,
    private readonly logger: Logger,
    opts: AutoUpdaterOptions = {},
  ) {
    this.firstCheckDelayMs = opts.firstCheckDelayMs ?? 5 * 60_000;
    this.retryDelayMs = opts.retryDelayMs ?? 60_000;
    this.wakeEveryMs = opts.wakeEveryMs ?? HOUR_MS;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.arm(this.firstCheckDelayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = null;
    this.retryTimer = null;
    this.deferred.clear();
  }

  /** On demand: updates the given models, or every installed one; models answering right now are skipped. */
  async check(models?: string[]): Promise<UpdateCheckResponse> {
    const installed = (await this.catalog.list({ refresh: true })).models;
    return this.startUpdates(models ?? installed.map((m) => m.name), installed);
  }

  /** One scheduled run over the opted-in models (preference, else the `autoUpdateDefault` setting). */
  async runScheduled(): Promise<UpdateCheckResponse> {
    const settings = await this.history.settings.get();
    const installed = (await this.catalog.list({ refresh: true })).models;
    const optedIn: string[] = [];
    for (const m of installed) {
      const prefs = await this.history.models.preferences(m.name);
      if (prefs.autoUpdate ?? settings.autoUpdateDefault ?? false) optedIn.push(m.name);
    }
    const result = this.startUpdates(optedIn, installed);
    this.retryLater(result.skipped.filter((s) => s.reason === SKIP_GENERATING).map((s) => s.model));
    return result;
  }

  private startUpdates(names: string[], installed: ModelSummary[]): UpdateCheckResponse {
    const result: UpdateCheckResponse = { started: [], skipped: [] };
    const seen = new Set<string>();
    for (const name of names) {
      const key = canonicalModelName(name);
      if (seen.has(key)) continue;
      seen.add(key);
      const model = installed.find((m) => canonicalModelName(m.name) === key);
      if (!model) {
        result.skipped.push({ model: name, reason: SKIP_NOT_INSTALLED });
      } else if (this.isGenerating(model.name)) {
        result.skipped.push({ model: model.name, reason: SKIP_GENERATING });
      } else {
        const job = this.jobs.startUpdate(model.name, model.digest || null);
        result.started.push({ model: model.name, jobId: job.id });
      }
    }
    return result;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, Math.min(delayMs, this.wakeEveryMs)));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    let intervalMs = DEFAULT_INTERVAL_HOURS * HOUR_MS;
    try {
      intervalMs = ((await this.history.settings.get()).autoUpdateIntervalHours ?? DEFAULT_INTERVAL_HOURS) * HOUR_MS;
      const dueAt = this.lastRunAt === null ? Date.now() : this.lastRunAt + intervalMs;
      if (Date.now() < dueAt) return this.arm(dueAt - Date.now());
      this.lastRunAt = Date.now();
      const result = await this.runScheduled();
      if (result.started.length > 0 || result.skipped.length > 0) {
        this.logger.info({ started: result.started.length, skipped: result.skipped }, 'scheduled model update check');
      }
    } catch (err) {
      // Ollama down or the database closing: the next run tries again.
      this.logger.warn({ err }, 'scheduled model update check failed');
    }
    this.arm(intervalMs);
  }

  private retryLater(models: string[]): void {
    for (const m of models) this.deferred.add(m);
    if (this.stopped || this.retryTimer || this.deferred.size === 0) return;
    this.retryTimer = setTimeout(() => void this.retryDeferred(), this.retryDelayMs);
    this.retryTimer.unref();
  }

  private async retryDeferred(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    const models = [...this.deferred];
    this.deferred.clear();
    try {
      const installed = (await this.catalog.list({ refresh: true })).models;
      const result = this.startUpdates(models, installed);
      this.retryLater(result.skipped.filter((s) => s.reason === SKIP_GENERATING).map((s) => s.model));
    } catch (err) {
      this.logger.warn({ err }, 'retrying deferred model updates failed');
      this.retryLater(models);
    }
  }
}
