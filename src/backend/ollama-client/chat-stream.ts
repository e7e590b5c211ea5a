/** One streamed /api/chat (request by ollama-js, body by ndjson-stream.ts): deltas, one `done`, per-stream abort and the two timeouts. */
import type { ChatRequest, ChatResponse, Options } from 'ollama/browser';
import { NetworkError } from '../errors';
import { parseChatLine } from './chat-line';
import { classifyOllamaFailure, displayHost, formatSeconds } from './classify-error';
import type { FetchFn } from './fetch-wrappers';
import { ollamaStreamBatches } from './ndjson-stream';
import { type StreamTimeout, StreamWatchdog } from './stream-watchdog';
import type { ChatStreamPart, ChatStreamRequest, OllamaFinalCounters } from './types';

/** Thrown when the caller's signal aborts the stream (name === 'AbortError', like fetch's). */
class ChatStreamAbortError extends Error {
  constructor(reason: unknown) {
    super('The chat stream was aborted', { cause: reason });
    this.name = 'AbortError';
  }
}

function toWireRequest(request: ChatStreamRequest): ChatRequest & { stream: true } {
  return {
    model: request.model,
    messages: request.messages.map((m) => ({
      role: m.role,
      content: m.content,
      ...(m.thinking ? { thinking: m.thinking } : {}),
      // Ollama wants bare base64; a data: URL prefix would be a 400 "illegal base64 data".
      ...(m.images?.length ? { images: m.images.map((img) => img.replace(/^data:[^,]*;base64,/, '')) } : {}),
    })),
    stream: true,
    ...(request.think !== undefined ? { think: request.think } : {}),
    ...(request.keepAlive !== undefined ? { keep_alive: request.keepAlive } : {}),
    ...(request.format !== undefined ? { format: request.format } : {}),
    // Passed through untouched; Ollama ignores unknown keys and validates the types itself.
    ...(request.options ? { options: request.options as Partial<Options> } : {}),
  };
}

const nsToMs = (ns: unknown): number => (typeof ns === 'number' && Number.isFinite(ns) ? ns / 1e6 : 0);
const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

function toCounters(c: Partial<ChatResponse>): OllamaFinalCounters {
  // ollama-js types the metrics as required; Ollama omits them when they are 0.
  return {
    totalDurationMs: nsToMs(c.total_duration),
    loadDurationMs: nsToMs(c.load_duration),
    promptEvalCount: count(c.prompt_eval_count),
    promptEvalDurationMs: nsToMs(c.prompt_eval_duration),
    evalCount: count(c.eval_count),
    evalDurationMs: nsToMs(c.eval_duration),
    doneReason: typeof c.done_reason === 'string' && c.done_reason !== '' ? c.done_reason : null,
  };
}

function timeoutError(which: StreamTimeout, host: string, request: ChatStreamRequest): NetworkError {
  const shown = displayHost(host);
  if (which === 'first-token') {
    const s = formatSeconds(request.firstTokenTimeoutMs);
    return new NetworkError(
      'ollama_timeout',
      `Ollama at ${shown} accepted the request but sent nothing for ${s} s; the model may still be loading or Ollama is overloaded.`,
      { host: shown, timeout: which, timeoutMs: request.firstTokenTimeoutMs },
      { setting: 'FIRST_TOKEN_TIMEOUT_MS', limit: request.firstTokenTimeoutMs },
    );
  }
  const s = formatSeconds(request.idleTimeoutMs);
  return new NetworkError(
    'ollama_timeout',
    `Ollama at ${shown} went silent in the middle of the answer and sent nothing for ${s} s.`,
    { host: shown, timeout: which, timeoutMs: request.idleTimeoutMs },
    { setting: 'STREAM_IDLE_TIMEOUT_MS', limit: request.idleTimeoutMs },
  );
}

type StopReason = { kind: 'caller' } | { kind: 'timeout'; which: StreamTimeout } | { kind: 'cleanup' };

export async function* streamChat(
  host: string,
  baseFetch: FetchFn,
  request: ChatStreamRequest,
): AsyncGenerator<ChatStreamPart, void, undefined> {
  const { signal } = request;
  if (signal.aborted) throw new ChatStreamAbortError(signal.reason);

  const control = new AbortController();
  let stopReason: StopReason | null = null;
  const stop = (reason: StopReason): void => {
    if (stopReason) return;
    stopReason = reason;
    control.abort();
  };
  const onCallerAbort = (): void => stop({ kind: 'caller' });
  signal.addEventListener('abort', onCallerAbort, { once: true });
  const watchdog = new StreamWatchdog(request.firstTokenTimeoutMs, request.idleTimeoutMs, (which) =>
    stop({ kind: 'timeout', which }),
  );

  try {
    const batches = ollamaStreamBatches({
      host,
      baseFetch,
      signal: control.signal,
      send: (ollama) => ollama.chat(toWireRequest(request)),
      isLast: (line) => line.done === true,
      parse: parseChatLine,
      classify: (err, phase) => classifyOllamaFailure(err, { host, model: request.model, phase }),
    });
    for await (const batch of batches) {
      // The lines of one read become one delta (the consumer gets the text in fewer hops), split
      // only where the answer turns from thinking to content or back, so the order stays visible.
      let content = '';
      let thinking = '';
      let tokens = 0;
      const parts: ChatStreamPart[] = [];
      const flush = (): void => {
        if (tokens === 0) return;
        parts.push({ kind: 'delta', content, thinking, tokens });
        content = '';
        thinking = '';
        tokens = 0;
      };
      let doneLine: Partial<ChatResponse> | null = null;
      for (const line of batch) {
        // Only the fields read here; their types are checked as they are read.
        const chunk = line as Partial<ChatResponse>;
        const c = typeof chunk.message?.content === 'string' ? chunk.message.content : '';
        const t = typeof chunk.message?.thinking === 'string' ? chunk.message.thinking : '';
        if (c !== '' || t !== '') {
          if ((t !== '' && content !== '') || (t === '' && thinking !== '')) flush();
          content += c;
          thinking += t;
          tokens += 1;
        }
        if (chunk.done === true) {
          doneLine = chunk;
          break;
        }
      }
      flush();
      watchdog.chunkArrived(parts.length > 0);
      for (const part of parts) yield part;
      if (doneLine) {
        yield { kind: 'done', counters: toCounters(doneLine) };
        return;
      }
      watchdog.awaitingChunk();
    }
  } catch (err) {
    const reason = stopReason as StopReason | null;
    if (reason?.kind === 'caller') throw new ChatStreamAbortError(signal.reason);
    if (reason?.kind === 'timeout') throw timeoutError(reason.which, host, request);
    throw err;
  } finally {
    watchdog.stop();
    signal.removeEventListener('abort', onCallerAbort);
    // Also after `done`: releases the connection if the consumer stopped reading early.
    stop({ kind: 'cleanup' });
  }
}
