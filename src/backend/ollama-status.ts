/**
 * Whether Ollama is reachable, checked on demand (the GUI polls /api/health with back-off) and
 * cached briefly so many tabs polling do not mean many probes. When Ollama comes back, the model
 * list is refreshed.
 */
import type { ErrorInfo } from '../shared/api';
import { ERROR_MESSAGES } from './error-hints';
import { isAppError, NetworkError } from './errors';
import type { ModelCatalog } from './model-manager';
import type { OllamaGateway } from './ollama-client';

export interface OllamaHealth {
  reachable: boolean;
  version: string | null;
  host: string;
  error: ErrorInfo | null;
}

const CACHE_MS = 1_000;

export class OllamaStatus {
  private last: { health: OllamaHealth; at: number } | null = null;
  private inflight: Promise<OllamaHealth> | null = null;

  constructor(
    private readonly ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
  ) {}

  async check(): Promise<OllamaHealth> {
    if (this.last && Date.now() - this.last.at < CACHE_MS) return this.last.health;
    this.inflight ??= this.probe().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async probe(): Promise<OllamaHealth> {
    const wasReachable = this.last?.health.reachable ?? true;
    let health: OllamaHealth;
    try {
      const version = await this.ollama.version();
      health = { reachable: true, version, host: this.ollama.host, error: null };
      if (!wasReachable) this.catalog.invalidate();
    } catch (err) {
      const failure = isAppError(err)
        ? err
        : new NetworkError('ollama_unreachable', ERROR_MESSAGES.ollamaUnreachable(this.ollama.host), undefined, {
            host: this.ollama.host,
          });
      const error: ErrorInfo = { code: failure.code, message: failure.message, hint: failure.hint };
      health = { reachable: false, version: null, host: this.ollama.host, error };
    }
    this.last = { health, at: Date.now() };
    return health;
  }
}
