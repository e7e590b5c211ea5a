/** One streamed /api/chat through ollama-js: deltas, one `done`, per-stream abort and the two timeouts. */
import { type AbortableAsyncIterator, type ChatRequest, type ChatResponse, Ollama, type Options } from 'ollama/browser';
import { NetworkError } from '../errors';
import { classifyOllamaFailure, displayHost, formatSeconds } from './classify-error';
import { type FetchFn, streamFetch } from './fetch-wrappers';
import type { NdjsonStreamState } from './ndjson-guard';
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
    // Passed through untouched; Ollama ignores unknown keys and validates the types itself.
    ...(request.options ? { options: request.options as Partial<Options> } : {}),
  };
}

const nsToMs = (ns: unknown): number => (typeof ns === 'number' && Number.isFinite(ns) ? ns / 1e6 : 0);
const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

function toCounters(chunk: ChatResponse): OllamaFinalCounters {
  // ollama-js types the metrics as required; Ollama omits them when they are 0.
  const c = chunk as Partial<ChatResponse>;
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
  const streamState: NdjsonStreamState = { errorLine: null, malformedLine: null };
  let iterator: AbortableAsyncIterator<ChatResponse> | null = null;
  let stopReason: StopReason | null = null;
  const stop = (reason: StopReason): void => {
    if (stopReason) return;
    stopReason = reason;
    control.abort();
    // Only this stream: ollama.abort() would end every stream of the instance.
    iterator?.abort();
  };
  const onCallerAbort = (): void => stop({ kind: 'caller' });
  signal.addEventListener('abort', onCallerAbort, { once: true });
  const watchdog = new StreamWatchdog(request.firstTokenTimeoutMs, request.idleTimeoutMs, (which) =>
    stop({ kind: 'timeout', which }),
  );

  let phase: 'request' | 'stream' = 'request';
  try {
    // A client per stream, so its fetch can carry this stream's abort signal before the iterator exists.
    const ollama = new Ollama({ host, fetch: streamFetch(baseFetch, control.signal, streamState) });
    iterator = await ollama.chat(toWireRequest(request));
    phase = 'stream';
    if (stopReason) iterator.abort();
    for await (const chunk of iterator) {
      const content = chunk.message?.content ?? '';
      const thinking = chunk.message?.thinking ?? '';
      watchdog.chunkArrived(content !== '' || thinking !== '');
      if (content !== '' || thinking !== '') yield { kind: 'delta', content, thinking };
      if (chunk.done) {
        yield { kind: 'done', counters: toCounters(chunk) };
        return;
      }
      watchdog.awaitingChunk();
    }
    // ollama-js throws on a stream without done; this only guards against that changing.
    throw new Error('Did not receive done or success response in stream.');
  } catch (err) {
    const reason = stopReason as StopReason | null;
    if (reason?.kind === 'caller') throw new ChatStreamAbortError(signal.reason);
    if (reason?.kind === 'timeout') throw timeoutError(reason.which, host, request);
    throw classifyOllamaFailure(err, { host, model: request.model, phase, streamState });
  } finally {
    watchdog.stop();
    signal.removeEventListener('abort', onCallerAbort);
    // Also after `done`: releases the connection if the consumer stopped reading early.
    stop({ kind: 'cleanup' });
  }
}
