/**
 * What the rest of the backend sees of Ollama: plain, already-validated values in our own shapes.
 * Only `ollama-client/` knows the wire format behind them.
 */
import type { ModelDetails, ModelSummary } from '../../shared/api';

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
  signal: AbortSignal;
  /** Abort with NetworkError(ollama_timeout) when no content/thinking arrives within this time. */
  firstTokenTimeoutMs: number;
  /** Abort with NetworkError(ollama_timeout) when the stream goes silent this long after it started. */
  idleTimeoutMs: number;
}

/** Ollama's final counters, durations converted from ns to ms; absent metrics are 0. */
export interface OllamaFinalCounters {
  totalDurationMs: number;
  loadDurationMs: number;
  promptEvalCount: number;
  promptEvalDurationMs: number;
  evalCount: number;
  evalDurationMs: number;
  doneReason: string | null;
}

export type ChatStreamPart =
  | { kind: 'delta'; content: string; thinking: string }
  | { kind: 'done'; counters: OllamaFinalCounters };

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
}
