/**
 * The backend's cached view of installed models: one /api/tags per TTL (or on demand), and one
 * /api/show per digest for models whose tags entry lacks capabilities. Concurrent callers share
 * one refresh.
 */
import type { ModelDetails, ModelList, ModelSummary } from '../../shared/api';
import { canonicalModelName } from '../../shared/model-name';
import type { Logger } from '../../utils/logger';
import type { OllamaGateway } from '../ollama-client';

/**
 * A failed /api/tags is answered again for this long without asking: one send while Ollama was down
 * asked three times within 30 ms (each place that looks its model up), and a host that hangs instead of
 * refusing would make each of them wait.
 */
const FAILURE_MS = 1_000;

export class ModelCatalog {
  private cached: { list: ModelList; at: number } | null = null;
  private failure: { err: unknown; at: number } | null = null;
  private inflight: Promise<ModelList> | null = null;
  private readonly detailsByDigest = new Map<string, ModelDetails>();

  constructor(
    private readonly ollama: OllamaGateway,
    private readonly ttlMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async list(opts: { refresh?: boolean } = {}): Promise<ModelList> {
    const fresh = this.cached && this.now() - this.cached.at < this.ttlMs;
    if (this.cached && fresh && !opts.refresh) return this.cached.list;
    if (this.failure && !opts.refresh && this.now() - this.failure.at < FAILURE_MS) throw this.failure.err;
    this.inflight ??= this.fetchList()
      .then(
        (list) => {
          this.failure = null;
          return list;
        },
        (err: unknown) => {
          this.failure = { err, at: this.now() };
          throw err;
        },
      )
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  /** The cached entry for a model name (`llama3.2` finds `llama3.2:latest`), without a network call. */
  peek(name: string): ModelSummary | undefined {
    const wanted = canonicalModelName(name);
    return this.cached?.list.models.find((m) => canonicalModelName(m.name) === wanted);
  }

  /**
   * The model at once when the list has it, even a stale list (which then refreshes behind the answer);
   * else a lookup that refreshes the list. For checks that must not wait on Ollama when they need not.
   */
  async known(name: string): Promise<ModelSummary | undefined> {
    const cached = this.peek(name);
    if (!cached) return this.find(name);
    void this.list().catch(() => undefined);
    return cached;
  }

  /** Looks the model up, refreshing the list once if it is not (yet) known. */
  async find(name: string): Promise<ModelSummary | undefined> {
    await this.list();
    const known = this.peek(name);
    if (known) return known;
    await this.list({ refresh: true });
    return this.peek(name);
  }

  /** The installed digest, or null when Ollama cannot be asked (the list is refreshed per its TTL). */
  async currentDigest(name: string): Promise<string | null> {
    try {
      await this.list();
    } catch (err) {
      this.logger.debug({ err, model: name }, 'model list unavailable; no version marked current');
      return null;
    }
    return this.peek(name)?.digest ?? null;
  }

  async details(name: string): Promise<ModelDetails> {
    const summary = await this.find(name);
    const cached = summary ? this.detailsByDigest.get(summary.digest) : undefined;
    if (cached) return cached;
    const details = await this.ollama.showModel(summary?.name ?? name);
    const merged: ModelDetails = summary ? { ...details, ...pickSummary(summary, details) } : details;
    if (summary) this.detailsByDigest.set(summary.digest, merged);
    return merged;
  }

  /** Forget the list (a chat hit "model not found", a pull finished, …). */
  invalidate(): void {
    this.cached = null;
    this.failure = null;
  }

  private async fetchList(): Promise<ModelList> {
    const models = await this.ollama.listModels();
    const completed = await Promise.all(models.map((m) => this.withCapabilities(m)));
    const list: ModelList = { models: completed, fetchedAt: new Date(this.now()).toISOString() };
    this.cached = { list, at: this.now() };
    return list;
  }

  /** Older Ollama servers send capabilities only through /api/show. */
  private async withCapabilities(m: ModelSummary): Promise<ModelSummary> {
    if (m.capabilities.length > 0 && m.contextLength !== null) return m;
    try {
      const d = this.detailsByDigest.get(m.digest) ?? (await this.ollama.showModel(m.name));
      this.detailsByDigest.set(m.digest, { ...d, ...pickSummary(m, d) });
      return pickSummary(m, d);
    } catch (err) {
      this.logger.warn({ err, model: m.name }, 'could not read model capabilities');
      return m;
    }
  }
}

function pickSummary(m: ModelSummary, d: ModelDetails): ModelSummary {
  const capabilities = m.capabilities.length > 0 ? m.capabilities : d.capabilities;
  return {
    ...m,
    capabilities,
    contextLength: m.contextLength ?? d.contextLength,
    canChat: d.canChat && m.canChat,
  };
}
