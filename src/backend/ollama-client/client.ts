/** The backend's only door to Ollama: the official ollama-js client, wrapped so every failure is an AppError. */
import { Ollama } from 'ollama/browser';
import type { z } from 'zod';
import type { ModelDetails, ModelSummary } from '../../shared/api';
import { OllamaError } from '../errors';
import { streamChat } from './chat-stream';
import { classifyOllamaFailure, displayHost } from './classify-error';
import { credentialsFetch, type FetchFn, timeoutFetch } from './fetch-wrappers';
import { ShowSchema, TagsSchema, toModelDetails, toModelSummaries, VersionSchema } from './map-models';
import type { ChatStreamPart, ChatStreamRequest, OllamaGateway } from './types';

export interface OllamaClientOptions {
  /** Already normalized (see normalizeOllamaHost), e.g. `http://127.0.0.1:11434`. */
  host: string;
  fetch?: FetchFn;
  /** Limit for calls that do not stream (version, tags, show). Default 10 s. */
  requestTimeoutMs?: number;
}

// ollama-js's Node entry treats any string image that names an existing file as a path and uploads
// that file; the browser entry (same client, same fetch) passes base64 through untouched.
export class OllamaClient implements OllamaGateway {
  readonly host: string;
  private readonly fetch: FetchFn;
  private readonly requestTimeoutMs: number;
  private readonly ollama: Ollama;

  constructor(opts: OllamaClientOptions) {
    this.host = opts.host;
    this.fetch = credentialsFetch(opts.fetch ?? ((input, init) => globalThis.fetch(input, init)));
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.ollama = new Ollama({ host: this.host, fetch: timeoutFetch(this.fetch, this.requestTimeoutMs) });
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

  private async call(model: string | undefined, run: () => Promise<unknown>): Promise<unknown> {
    try {
      return await run();
    } catch (err) {
      throw classifyOllamaFailure(err, {
        host: this.host,
        model,
        phase: 'request',
        requestTimeoutMs: this.requestTimeoutMs,
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
      `Ollama at ${displayHost(this.host)} sent an unexpected answer to ${path} (${where}). Is OLLAMA_HOST pointing at an Ollama server of a recent version?`,
      undefined,
      { host: displayHost(this.host), path, issues: result.error.issues.slice(0, 5) },
    );
  }
}
