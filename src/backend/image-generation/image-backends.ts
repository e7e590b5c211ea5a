/**
 * Which backend makes a model's images: Ollama (a model with the `image` capability, only on
 * Ollama 0.14.3 – 0.32.x) or the OpenAI-compatible image server of IMAGE_SERVER_URL / Settings,
 * whose models are listed from `GET {base}/v1/models` (cached) and merged into the model list.
 */
import type { ModelSummary } from '../../shared/api';
import { isImageModel } from '../../shared/image-api';
import { canonicalModelName } from '../../shared/model-name';
import type { Logger } from '../../utils/logger';
import type { ModelCatalog } from '../model-manager';
import { type FetchFn, OpenAiImageClient } from './openai-image-client';

export interface ImageBackendsOptions {
  /** The configured server URL (Settings first, then IMAGE_SERVER_URL); undefined = none. */
  serverUrl: () => Promise<string | undefined>;
  apiKey: string | undefined;
  timeoutMs: number;
  /** How long the server's model list is reused. */
  ttlMs: number;
  /** IMAGE_SERVER_MODELS: listed when the server does not list its own models. */
  configuredModels?: readonly string[];
  fetch?: FetchFn;
}

export type ResolvedImageModel =
  | { backend: 'ollama'; model: string }
  | { backend: 'image-server'; model: string; client: OpenAiImageClient };

function serverModel(id: string): ModelSummary {
  return {
    name: id,
    size: 0,
    digest: '',
    modifiedAt: '',
    family: null,
    parameterSize: null,
    quantization: null,
    contextLength: null,
    capabilities: ['image'],
    canChat: false,
    backend: 'image-server',
  };
}

export class ImageBackends {
  private cached: { url: string; models: ModelSummary[]; at: number } | null = null;
  private inflight: Promise<ModelSummary[]> | null = null;
  private clientFor: { url: string; client: OpenAiImageClient } | null = null;

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly opts: ImageBackendsOptions,
    private readonly logger: Logger,
  ) {}

  /** The image server's client, or null when none is configured. */
  async client(): Promise<OpenAiImageClient | null> {
    const url = await this.opts.serverUrl();
    if (!url) return null;
    if (this.clientFor?.url !== url) {
      this.clientFor = {
        url,
        client: new OpenAiImageClient({
          baseUrl: url,
          apiKey: this.opts.apiKey,
          timeoutMs: this.opts.timeoutMs,
          ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
        }),
      };
    }
    return this.clientFor.client;
  }

  /**
   * The server's models as list entries (capability `image`, backend `image-server`). A server that
   * is down or does not list its models adds none: the Ollama list must not fail because of it.
   */
  async serverModels(opts: { refresh?: boolean } = {}): Promise<ModelSummary[]> {
    const client = await this.client();
    if (!client) return [];
    const fresh = this.cached?.url === client.baseUrl && Date.now() - this.cached.at < this.opts.ttlMs;
    if (fresh && !opts.refresh && this.cached) return this.cached.models;
    this.inflight ??= this.fetchModels(client).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Which backend serves `model`, or null when it is not an image model anywhere (Ollama's own models win). */
  async resolve(model: string): Promise<ResolvedImageModel | null> {
    const known = await this.catalog.known(model).catch(() => undefined);
    if (known) return isImageModel(known.capabilities) ? { backend: 'ollama', model: known.name } : null;
    const wanted = canonicalModelName(model);
    const listed = (await this.serverModels()).find((m) => canonicalModelName(m.name) === wanted);
    const client = await this.client();
    if (listed && client) return { backend: 'image-server', model: listed.name, client };
    return null;
  }

  /** True when `model` is cached as an image model of either backend (no network call). */
  isImageModelCached(model: string): boolean {
    const known = this.catalog.peek(model);
    if (known) return isImageModel(known.capabilities);
    const wanted = canonicalModelName(model);
    return this.cached?.models.some((m) => canonicalModelName(m.name) === wanted) ?? false;
  }

  private async fetchModels(client: OpenAiImageClient): Promise<ModelSummary[]> {
    try {
      const ids = (await client.listModels()) ?? [...(this.opts.configuredModels ?? [])];
      const models = ids.map(serverModel);
      this.cached = { url: client.baseUrl, models, at: Date.now() };
      return models;
    } catch (err) {
      // Never the error object's request: it carries no key, but the message is enough.
      this.logger.warn(
        { url: client.baseUrl, code: (err as { code?: unknown }).code },
        'image server model list failed',
      );
      // Asked again after a few seconds, not a whole TTL later: the server may just be starting. The
      // configured models stay pickable meanwhile; their answers then say what is wrong with the server.
      const models = (this.opts.configuredModels ?? []).map(serverModel);
      this.cached = { url: client.baseUrl, models, at: Date.now() - this.opts.ttlMs + 5_000 };
      return models;
    }
  }
}
