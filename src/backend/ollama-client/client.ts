/** The backend's only door to Ollama: the official ollama-js client, wrapped so every failure is an AppError. */
import { Ollama } from 'ollama/browser';
import type * as z from 'zod';
import type { ModelDetails, ModelSummary } from '../../shared/api';
import { ERROR_CODES } from '../../shared/error-codes';
import type { RunningModel } from '../../shared/models-api';
import { OllamaError } from '../errors';
import { streamChat } from './chat-stream';
import { classifyOllamaFailure, displayHost } from './classify-error';
import { credentialsFetch, type FetchFn, timeoutFetch } from './fetch-wrappers';
import { streamImage } from './image-stream';
import { ShowSchema, TagsSchema, toModelDetails, toModelSummaries, VersionSchema } from './map-models';
import { PsSchema, toRunningModels } from './map-running';
import { nodeFetch } from './node-fetch';
import { streamPull } from './pull-stream';
import type {
  ChatStreamPart,
  ChatStreamRequest,
  ImageStreamPart,
  ImageStreamRequest,
  OllamaGateway,
  PullProgress,
} from './types';

export interface OllamaClientOptions {
  /** Already normalized (see normalizeOllamaHost), e.g. `http://127.0.0.1:11434`. */
  host: string;
  fetch?: FetchFn;
  /** Limit for calls that do not stream (version, tags, show). Default 10 s. */
  requestTimeoutMs?: number;
  /** Limit for loading a model into memory (a big model from a slow disk takes minutes). Default 5 min. */
  loadTimeoutMs?: number;
}

// ollama-js's Node entry treats any string image that names an existing file as a path and uploads
// that file; the browser entry (same client, same fetch) passes base64 through untouched.
export class OllamaClient implements OllamaGateway {
  readonly host: string;
  private readonly fetch: FetchFn;
  private readonly requestTimeoutMs: number;
  private readonly ollama: Ollama;
  private readonly loader: Ollama;
  private readonly loadTimeoutMs: number;

  constructor(opts: OllamaClientOptions) {
    this.host = opts.host;
    this.fetch = credentialsFetch(opts.fetch ?? nodeFetch);
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.ollama = new Ollama({ host: this.host, fetch: timeoutFetch(this.fetch, this.requestTimeoutMs) });
    this.loadTimeoutMs = opts.loadTimeoutMs ?? 300_000;
    this.loader = new Ollama({ host: this.host, fetch: timeoutFetch(this.fetch, this.loadTimeoutMs) });
  }

  async version(): Promise<string> {
    const answer = await this.call(undefined, () => this.ollama.version());
    return this.parse('/api/version', VersionSchema, answer).version;
  }

  async listModels(): Promise<ModelSummary[]> {
    const answer = await this.call(undefined, () => this.ollama.list());
    return toModelSummaries(this.parse('/api/tags', TagsSchema, answer));
  }

  async showModel(name: string): Promise<ModelDetails> {
    const [show, tags] = await Promise.all([
      this.call(name, () => this.ollama.show({ model: name })),
      this.call(name, () => this.ollama.list()),
    ]);
    return toModelDetails(name, this.parse('/api/show', ShowSchema, show), this.parse('/api/tags', TagsSchema, tags));
  }

  chatStream(request: ChatStreamRequest): AsyncGenerator<ChatStreamPart, void, undefined> {
    return streamChat(this.host, this.fetch, request);
  }

  generateImage(request: ImageStreamRequest): AsyncGenerator<ImageStreamPart, void, undefined> {
    return streamImage(this.host, this.fetch, request);
  }

  pull(name: string, signal: AbortSignal): AsyncGenerator<PullProgress, void, undefined> {
    return streamPull(this.host, this.fetch, name, signal);
  }

  async deleteModel(name: string): Promise<void> {
    try {
      await this.call(name, () => this.ollama.delete({ model: name }));
    } catch (err) {
      if (err instanceof OllamaError && err.code === ERROR_CODES.modelNotFound) {
        throw new OllamaError(
          ERROR_CODES.modelNotFound,
          `Model '${name}' is not installed, so there is nothing to delete.`,
          err.ollamaStatus,
          err.details,
          { text: 'Refresh the model list to see what is installed now.', action: 'open_models' },
        );
      }
      throw err;
    }
  }

  async listRunning(): Promise<RunningModel[]> {
    const answer = await this.call(undefined, () => this.ollama.ps());
    return toRunningModels(this.parse('/api/ps', PsSchema, answer));
  }

  async loadModel(name: string, keepAlive?: number | string): Promise<void> {
    // No messages: Ollama loads the model and answers once (done_reason "load").
    await this.call(
      name,
      () => this.loader.chat({ model: name, ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {}) }),
      this.loadTimeoutMs,
    );
  }

  async unloadModel(name: string): Promise<void> {
    await this.call(name, () => this.ollama.chat({ model: name, messages: [], keep_alive: 0 }));
  }

  private async call(
    model: string | undefined,
    run: () => Promise<unknown>,
    timeoutMs: number = this.requestTimeoutMs,
  ): Promise<unknown> {
    try {
      return await run();
    } catch (err) {
      throw classifyOllamaFailure(err, {
        host: this.host,
        model,
        phase: 'request',
        requestTimeoutMs: timeoutMs,
      });
    }
  }

  /** ollama-js's response types are promises, not checks; Ollama's answer is validated here. */
  private parse<T extends z.ZodType>(path: string, schema: T, answer: unknown): z.infer<T> {
    const result = schema.safeParse(answer);
    if (result.success) return result.data;
    const problem = result.error.issues[0];
    const where = problem ? `${problem.path.join('.') || '(root)'}: ${problem.message}` : 'unexpected shape';
    throw new OllamaError(
      'ollama_bad_response',
      `Ollama at ${displayHost(this.host)} sent an unexpected answer to ${path} (${where}).`,
      undefined,
      { host: displayHost(this.host), path, issues: result.error.issues.slice(0, 5) },
    );
  }
}
