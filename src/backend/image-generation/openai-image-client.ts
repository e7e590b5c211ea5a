/**
 * The client of OpenAI-compatible image servers (LocalAI, stable-diffusion.cpp's server, ComfyUI
 * and SD WebUI adapters): `POST {base}/v1/images/generations` with `response_format: "b64_json"`,
 * `GET {base}/v1/models`. Plain fetch with the caller's AbortSignal and a timeout; every failure
 * becomes an ImageGenerationError worded in error-hints.ts. The API key goes only into the header.
 */
import { IMAGE_ERROR_MESSAGES } from '../error-hints';
import { ImageGenerationError } from '../errors';

export type FetchFn = typeof fetch;

export interface OpenAiImageClientOptions {
  /** Base URL without `/v1`. */
  baseUrl: string;
  apiKey?: string;
  /** Whole exchange of one generation; listing models gets at most 10 s. */
  timeoutMs: number;
  fetch?: FetchFn;
}

export interface OpenAiImageRequest {
  model: string;
  prompt: string;
  n: number;
  size?: string;
  /** Not part of OpenAI's API; LocalAI and stable-diffusion.cpp's server read it, others ignore it. */
  seed?: number;
  signal: AbortSignal;
}

export interface OpenAiImageResult {
  images: Buffer[];
  revisedPrompt?: string;
}

const LIST_TIMEOUT_MS = 10_000;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

function causeCodes(err: unknown, depth = 0): string[] {
  if (typeof err !== 'object' || err === null || depth > 4) return [];
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof code === 'string' ? [code] : [];
  if (Array.isArray(errors)) for (const e of errors) codes.push(...causeCodes(e, depth + 1));
  return [...codes, ...causeCodes(cause, depth + 1)];
}

/** `{ error: { message } }` (OpenAI), `{ error: "…" }`, `{ detail }` (FastAPI adapters), or the text. */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; detail?: unknown; message?: unknown };
    const e = body.error;
    if (typeof e === 'string') return e;
    if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
      return (e as { message: string }).message;
    }
    if (typeof body.detail === 'string') return body.detail;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 300);
}

function errorCode(text: string): string | null {
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; type?: unknown } }).error;
    if (typeof e?.code === 'string') return e.code;
  } catch {
    // not JSON
  }
  return null;
}

const REFUSAL = /content.?policy|safety|nsfw|moderation|not allowed|rejected/i;

export class OpenAiImageClient {
  readonly baseUrl: string;
  private readonly fetch: FetchFn;

  constructor(private readonly opts: OpenAiImageClientOptions) {
    this.baseUrl = opts.baseUrl;
    this.fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Model ids from `GET /v1/models`; null when the server does not list them (404). */
  async listModels(): Promise<string[] | null> {
    const res = await this.send('/v1/models', { method: 'GET' }, AbortSignal.timeout(LIST_TIMEOUT_MS), LIST_TIMEOUT_MS);
    if (res.status === 404) return null;
    const text = await res.text();
    if (!res.ok) throw this.httpError(res.status, text, '');
    try {
      const data = (JSON.parse(text) as { data?: unknown }).data;
      if (!Array.isArray(data)) return null;
      return data
        .map((m) => (typeof m === 'object' && m !== null ? (m as { id?: unknown }).id : undefined))
        .filter((id): id is string => typeof id === 'string' && id !== '');
    } catch {
      throw new ImageGenerationError(
        'image_bad_response',
        IMAGE_ERROR_MESSAGES.badResponse(this.baseUrl, 'the model list is not JSON'),
      );
    }
  }

  async generate(req: OpenAiImageRequest): Promise<OpenAiImageResult> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const signal = AbortSignal.any([req.signal, timeout]);
    const body = {
      model: req.model,
      prompt: req.prompt,
      n: req.n,
      response_format: 'b64_json',
      ...(req.size ? { size: req.size } : {}),
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
    };
    const res = await this.send(
      '/v1/images/generations',
      { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
      signal,
      this.opts.timeoutMs,
      req.signal,
    );
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw this.networkError(err, req.signal, this.opts.timeoutMs);
    }
    if (!res.ok) throw this.httpError(res.status, text, req.model);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ImageGenerationError(
        'image_bad_response',
        IMAGE_ERROR_MESSAGES.badResponse(this.baseUrl, 'the answer is not JSON'),
      );
    }
    const data = (parsed as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length === 0) {
      throw new ImageGenerationError(
        'image_bad_response',
        IMAGE_ERROR_MESSAGES.badResponse(this.baseUrl, 'no data array'),
      );
    }
    const images: Buffer[] = [];
    let revisedPrompt: string | undefined;
    for (const item of data) {
      const b64 = typeof item === 'object' && item !== null ? (item as { b64_json?: unknown }).b64_json : undefined;
      if (typeof b64 !== 'string' || b64 === '') {
        throw new ImageGenerationError(
          'image_bad_response',
          IMAGE_ERROR_MESSAGES.badResponse(this.baseUrl, 'no b64_json'),
        );
      }
      images.push(Buffer.from(b64.replace(/^data:[^,]*;base64,/, ''), 'base64'));
      const revised = (item as { revised_prompt?: unknown }).revised_prompt;
      if (typeof revised === 'string' && revised !== '' && revisedPrompt === undefined) revisedPrompt = revised;
    }
    return { images, ...(revisedPrompt !== undefined ? { revisedPrompt } : {}) };
  }

  private async send(
    path: string,
    init: RequestInit,
    signal: AbortSignal,
    timeoutMs: number,
    callerSignal?: AbortSignal,
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.opts.apiKey) headers.set('authorization', `Bearer ${this.opts.apiKey}`);
    try {
      return await this.fetch(`${this.baseUrl}${path}`, { ...init, headers, signal });
    } catch (err) {
      throw this.networkError(err, callerSignal, timeoutMs);
    }
  }

  private networkError(err: unknown, callerSignal: AbortSignal | undefined, timeoutMs: number): Error {
    // The caller's cancel is not a failure of the server: let it through as the abort it is.
    if (callerSignal?.aborted) return err instanceof Error ? err : new Error(String(err));
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError') {
      return new ImageGenerationError(
        'image_timeout',
        IMAGE_ERROR_MESSAGES.timeout(this.baseUrl, Math.round(timeoutMs / 1000)),
        { url: this.baseUrl, timeoutMs },
        { setting: 'IMAGE_TIMEOUT_MS', limit: timeoutMs },
      );
    }
    const codes = causeCodes(err);
    const why = codes.find((c) => UNREACHABLE.has(c));
    return new ImageGenerationError(
      'image_server_unreachable',
      IMAGE_ERROR_MESSAGES.unreachable(this.baseUrl, why === 'ENOTFOUND' ? 'the host name does not resolve' : why),
      { url: this.baseUrl, codes },
    );
  }

  private httpError(status: number, text: string, model: string): ImageGenerationError {
    const detail = errorDetail(text);
    const details = { url: this.baseUrl, status, serverMessage: detail };
    if (status === 401 || status === 403) {
      return new ImageGenerationError(
        'image_server_unauthorized',
        IMAGE_ERROR_MESSAGES.unauthorized(this.baseUrl, status),
        details,
      );
    }
    if (errorCode(text) === 'content_policy_violation' || (status === 400 && REFUSAL.test(detail))) {
      return new ImageGenerationError('image_refused', IMAGE_ERROR_MESSAGES.refused(detail), details);
    }
    if (status === 404) {
      return new ImageGenerationError(
        'image_server_not_found',
        IMAGE_ERROR_MESSAGES.notFound(this.baseUrl, model, detail),
        details,
      );
    }
    return new ImageGenerationError(
      'image_server_error',
      IMAGE_ERROR_MESSAGES.serverError(this.baseUrl, status, detail),
      details,
    );
  }
}
