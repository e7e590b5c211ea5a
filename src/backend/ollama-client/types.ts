/**
 * What the rest of the backend sees of Ollama: plain, already-validated values in our own shapes.
 * Only `ollama-client/` knows the wire format behind them.
 */
import type { GenerationMetrics, ModelDetails, ModelSummary } from '../../shared/api';
import type { RunningModel } from '../../shared/models-api';

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
  thinking?: string;
  /** Plain base64 (no data: prefix). */
  images?: string[];
}

export interface ChatStreamRequest {
  model: string;
  messages: ChatTurn[];
  /** Ollama runtime options (temperature, num_ctx, …), passed through. */
  options?: Record<string, unknown>;
  think?: boolean | 'low' | 'medium' | 'high';
  keepAlive?: number | string;
  /** `json`: Ollama constrains the answer to valid JSON. */
  format?: 'json';
  signal: AbortSignal;
  /** Abort with NetworkError(ollama_timeout) when no content/thinking arrives within this time. */
  firstTokenTimeoutMs: number;
  /** Abort with NetworkError(ollama_timeout) when the stream goes silent this long after it started. */
  idleTimeoutMs: number;
}

/** Ollama's final counters, durations converted from ns to ms; absent metrics are 0. */
export type OllamaFinalCounters = Pick<
  GenerationMetrics,
  | 'totalDurationMs'
  | 'loadDurationMs'
  | 'promptEvalCount'
  | 'promptEvalDurationMs'
  | 'evalCount'
  | 'evalDurationMs'
  | 'doneReason'
>;

export type ChatStreamPart =
  /** `tokens`: how many of Ollama's chunks this delta joins (1 when absent). */
  | { kind: 'delta'; content: string; thinking: string; tokens?: number }
  | { kind: 'done'; counters: OllamaFinalCounters };

/** One /api/pull progress line; Ollama omits zero values, so a layer's first line often lacks `completed`. */
export interface PullProgress {
  status: string;
  /** Layer digest with its `sha256:` prefix. */
  digest?: string;
  total?: number;
  completed?: number;
}

/** POST /api/generate of an image model (Ollama 0.14.3 – 0.32.x only). */
export interface ImageStreamRequest {
  model: string;
  prompt: string;
  width?: number;
  height?: number;
  steps?: number;
  seed?: number;
  keepAlive?: number | string;
  signal: AbortSignal;
}

export type ImageStreamPart =
  | { kind: 'progress'; completed: number; total: number | null }
  /** `image` is base64 as Ollama sent it; null when the final line had none. */
  | { kind: 'done'; image: string | null; totalDurationMs: number | null };

export interface OllamaGateway {
  readonly host: string;
  /** GET /api/version. Throws NetworkError when Ollama is not reachable. */
  version(): Promise<string>;
  /** GET /api/tags, without capabilities from /api/show (those are filled by `show`). */
  listModels(): Promise<ModelSummary[]>;
  /** POST /api/show. Throws OllamaError(model_not_found). */
  showModel(name: string): Promise<ModelDetails>;
  /**
   * POST /api/chat with stream:true. Yields deltas and exactly one final `done` part; every
   * failure (HTTP error, error line mid-stream, drop, missing done, bad JSON, timeout) is thrown as
   * an OllamaError or NetworkError. Aborting `signal` aborts the HTTP request and throws an
   * AbortError (name === 'AbortError').
   */
  chatStream(request: ChatStreamRequest): AsyncGenerator<ChatStreamPart, void, undefined>;
  /**
   * POST /api/pull, streamed. Yields every progress line up to and including `success`. A name the
   * registry does not know throws OllamaError(model_not_found); other error lines throw
   * OllamaError; a stream without `success` throws NetworkError(ollama_dropped). Aborting `signal`
   * aborts the HTTP request (Ollama stops the download) and throws an AbortError.
   */
  pull(name: string, signal: AbortSignal): AsyncGenerator<PullProgress, void, undefined>;
  /** DELETE /api/delete. Throws OllamaError(model_not_found) when it is not installed. */
  deleteModel(name: string): Promise<void>;
  /** GET /api/ps, mapped; `expiresAt` null = kept loaded for ever. */
  listRunning(): Promise<RunningModel[]>;
  /** The load form of /api/chat (no messages): loads the model and keeps it for `keepAlive`. */
  loadModel(name: string, keepAlive?: number | string): Promise<void>;
  /** The unload form of /api/chat (`messages: []`, `keep_alive: 0`). */
  unloadModel(name: string): Promise<void>;
  /**
   * POST /api/generate for an image model, streamed: step progress, then one `done` with the image.
   * Throws ImageGenerationError(image_generation_unsupported) on an Ollama without image models,
   * else what chatStream throws. Optional so gateways of tests need not implement it.
   */
  generateImage?(request: ImageStreamRequest): AsyncGenerator<ImageStreamPart, void, undefined>;
}
