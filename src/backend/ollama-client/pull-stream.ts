/** One streamed /api/pull (request by ollama-js, body by ndjson-stream.ts): progress lines, per-stream abort, pull-specific error messages. */
import * as z from 'zod';
import { ERROR_CODES } from '../../shared/error-codes';
import type { ErrorHint } from '../../shared/error-info';
import { type AppError, NetworkError, OllamaError } from '../errors';
import { classifyOllamaFailure, displayHost, type FailureContext } from './classify-error';
import type { FetchFn } from './fetch-wrappers';
import { type NdjsonLine, ollamaStream, StreamErrorLine } from './ndjson-stream';
import type { PullProgress } from './types';

/** Thrown when the caller's signal aborts the pull (name === 'AbortError', like fetch's). */
class PullAbortError extends Error {
  constructor(reason: unknown) {
    super('The pull was aborted', { cause: reason });
    this.name = 'AbortError';
  }
}

const ProgressSchema = z.object({
  status: z.string(),
  digest: z.string().nullish(),
  total: z.number().nullish(),
  completed: z.number().nullish(),
});

const NOT_ON_REGISTRY = /file does not exist|manifest unknown|not found/i;
const REGISTRY_UNREACHABLE =
  /dial tcp|no such host|i\/o timeout|connection refused|network is unreachable|tls handshake|context deadline exceeded/i;

function whereToCheck(name: string): ErrorHint {
  return /^(hf\.co|huggingface\.co)\//i.test(name)
    ? { text: 'Check the repository and the quantization tag on huggingface.co, then pull again.' }
    : { text: 'Check the spelling and the tag on https://ollama.com/library, then pull again.' };
}

/** An `{"error": …}` line of the pull stream, in words that say what to do. */
function fromErrorLine(line: string, name: string, host: string): AppError {
  const details = { host, ollamaMessage: line };
  if (NOT_ON_REGISTRY.test(line)) {
    return new OllamaError(
      ERROR_CODES.modelNotFound,
      `'${name}' was not found on the registry (${line}).`,
      200,
      details,
      whereToCheck(name),
    );
  }
  if (REGISTRY_UNREACHABLE.test(line)) {
    return new OllamaError(
      ERROR_CODES.ollamaRejected,
      `Ollama could not reach the registry to download '${name}' (${line}).`,
      200,
      details,
      { text: 'Check the internet connection of the machine Ollama runs on, then pull again.', action: 'retry' },
    );
  }
  return new OllamaError(ERROR_CODES.ollamaStreamError, `Downloading '${name}' failed: ${line}.`, 200, details, {
    text: 'Pull again; Ollama resumes where it stopped.',
    action: 'retry',
  });
}

export function classifyPullFailure(err: unknown, ctx: FailureContext & { model: string }): AppError {
  const host = displayHost(ctx.host);
  if (err instanceof StreamErrorLine) return fromErrorLine(err.ollamaMessage, ctx.model, host);
  const message = err instanceof Error ? err.message : String(err);
  const classified = classifyOllamaFailure(err, ctx);
  if (classified.code === ERROR_CODES.ollamaDropped) {
    return new NetworkError(
      ERROR_CODES.ollamaDropped,
      `Ollama at ${host} stopped before the download of '${ctx.model}' was complete; it may have restarted.`,
      classified.details,
      { text: 'Pull again; Ollama resumes where it stopped.', action: 'retry' },
    );
  }
  if (classified instanceof OllamaError && classified.ollamaStatus === 400) {
    return new OllamaError(
      ERROR_CODES.ollamaRejected,
      `Ollama refused to pull '${ctx.model}': ${message}.`,
      400,
      classified.details,
      whereToCheck(ctx.model),
    );
  }
  return classified;
}

function toProgress(line: NdjsonLine, ctx: { host: string; model: string }): PullProgress {
  const parsed = ProgressSchema.safeParse(line);
  if (!parsed.success) {
    throw new OllamaError(
      ERROR_CODES.ollamaBadResponse,
      `Ollama at ${displayHost(ctx.host)} sent an unexpected progress line while pulling '${ctx.model}'.`,
      undefined,
      { issues: parsed.error.issues.slice(0, 5) },
    );
  }
  const { status, digest, total, completed } = parsed.data;
  return {
    status,
    ...(digest ? { digest } : {}),
    ...(typeof total === 'number' ? { total } : {}),
    ...(typeof completed === 'number' ? { completed } : {}),
  };
}

export async function* streamPull(
  host: string,
  baseFetch: FetchFn,
  name: string,
  signal: AbortSignal,
): AsyncGenerator<PullProgress, void, undefined> {
  if (signal.aborted) throw new PullAbortError(signal.reason);
  const control = new AbortController();
  let callerAborted = false;
  const onAbort = (): void => {
    callerAborted = true;
    control.abort();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  try {
    const lines = ollamaStream({
      host,
      baseFetch,
      signal: control.signal,
      send: (ollama) => ollama.pull({ model: name, stream: true }),
      isLast: (line) => line.status === 'success',
      classify: (err, phase) => classifyPullFailure(err, { host, model: name, phase }),
    });
    for await (const line of lines) {
      const progress = toProgress(line, { host, model: name });
      yield progress;
      if (progress.status === 'success') return;
    }
  } catch (err) {
    if (callerAborted) throw new PullAbortError(signal.reason);
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Also after `success`: releases the connection if the consumer stopped reading early.
    control.abort();
  }
}
