/**
 * Whether Ollama is reachable. Checked on demand (the GUI polls /api/health) and cached briefly so
 * many tabs polling do not mean many probes; a failed request anywhere (reported by WatchedOllama)
 * marks it down at once, and while it is down it is probed every second. Every change is pushed to
 * the GUIs (app event `ollama-status`); when Ollama comes back, the model list is refreshed.
 */
import type { ErrorInfo } from '../shared/api';
import { ERROR_CODES } from '../shared/error-codes';
import { ERROR_MESSAGES } from './error-hints';
import { isAppError, NetworkError } from './errors';
import type { ModelCatalog } from './model-manager';
import type { OllamaGateway } from './ollama-client';
import type { OllamaObserver } from './ollama-watch';

export interface OllamaHealth {
  reachable: boolean;
  version: string | null;
  host: string;
  error: ErrorInfo | null;
}

const CACHE_MS = 1_000;
/** While Ollama is down it is probed this often, so its return is noticed within about a second. */
const DOWN_PROBE_MS = 1_000;

export class OllamaStatus implements OllamaObserver {
  private last: { health: OllamaHealth; at: number } | null = null;
  private inflight: Promise<OllamaHealth> | null = null;
  private downTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  /** `ollama` must be the bare gateway: the probe's own failures are not reports. */
  constructor(
    private readonly ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
    private readonly onChange: (health: OllamaHealth) => void = () => {},
  ) {}

  async check(): Promise<OllamaHealth> {
    if (this.last && Date.now() - this.last.at < CACHE_MS) return this.last.health;
    return this.probeNow();
  }

  /**
   * A request failed. Not reaching Ollama at all marks it down right away; a dropped or silent
   * connection may be Ollama going away (or one slow model), so it is probed now to tell which.
   * Ollama answering with an error says it is up: nothing to do.
   */
  failed(err: unknown): void {
    if (this.stopped || !isAppError(err)) return;
    if (err.code === ERROR_CODES.ollamaUnreachable) {
      const error: ErrorInfo = { code: err.code, message: err.message, hint: err.hint };
      this.record({ reachable: false, version: null, host: this.ollama.host, error });
    } else if (err.code === ERROR_CODES.ollamaDropped || err.code === ERROR_CODES.ollamaTimeout) {
      void this.probeNow();
    }
  }

  /** A request got an answer: if Ollama was thought down, confirm it is back now rather than in a second. */
  answered(): void {
    if (!this.stopped && this.last && !this.last.health.reachable) void this.probeNow();
  }

  stop(): void {
    this.stopped = true;
    this.setProbing(false);
  }

  private probeNow(): Promise<OllamaHealth> {
    this.inflight ??= this.probe().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async probe(): Promise<OllamaHealth> {
    let health: OllamaHealth;
    try {
      const version = await this.ollama.version();
      health = { reachable: true, version, host: this.ollama.host, error: null };
    } catch (err) {
      const failure = isAppError(err)
        ? err
        : new NetworkError('ollama_unreachable', ERROR_MESSAGES.ollamaUnreachable(this.ollama.host), undefined, {
            host: this.ollama.host,
          });
      const error: ErrorInfo = { code: failure.code, message: failure.message, hint: failure.hint };
      health = { reachable: false, version: null, host: this.ollama.host, error };
    }
    this.record(health);
    return health;
  }

  private record(health: OllamaHealth): void {
    const wasReachable = this.last?.health.reachable ?? true;
    this.last = { health, at: Date.now() };
    if (this.stopped) return;
    this.setProbing(!health.reachable);
    if (wasReachable === health.reachable) return;
    if (health.reachable) this.catalog.invalidate();
    this.onChange(health);
  }

  private setProbing(on: boolean): void {
    if (on && !this.downTimer) {
      this.downTimer = setInterval(() => void this.probeNow(), DOWN_PROBE_MS);
      this.downTimer.unref();
    } else if (!on && this.downTimer) {
      clearInterval(this.downTimer);
      this.downTimer = null;
    }
  }
}
