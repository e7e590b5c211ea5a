/** Turns whatever ollama-js, fetch or the stream threw into an OllamaError / NetworkError a user can act on. */
import { ERROR_MESSAGES } from '../error-hints';
import { AppError, NetworkError, OllamaError } from '../errors';
import { MalformedLine, MissingBody, StreamEndedEarly, StreamErrorLine } from './ndjson-stream';

export interface FailureContext {
  /** The normalized host; shown without its password. */
  host: string;
  /** The model the request was about, as the caller named it. */
  model?: string;
  /** `stream`: the response headers had arrived and the body was being read. */
  phase: 'request' | 'stream';
  /** Timeout of non-streaming calls, for the message. */
  requestTimeoutMs?: number;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** `http://user:pass@h:1` → `http://user:***@h:1`. */
export function displayHost(host: string): string {
  return host.replace(/^(\w+:\/\/[^:@/]+):[^@/]*@/, '$1:***@');
}

export function formatSeconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Number((ms / 1000).toFixed(1)));
}

/** Error codes of an error and its causes (fetch wraps socket errors in `cause`, sometimes an AggregateError). */
function errorCodes(err: unknown, depth = 0): string[] {
  if (typeof err !== 'object' || err === null || depth > 4) return [];
  const codes: string[] = [];
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') codes.push(code);
  if (Array.isArray(errors)) for (const inner of errors) codes.push(...errorCodes(inner, depth + 1));
  codes.push(...errorCodes(cause, depth + 1));
  return codes;
}

function responseStatus(err: unknown): number | null {
  if (!(err instanceof Error) || err.name !== 'ResponseError') return null;
  const status = (err as { status_code?: unknown }).status_code;
  return typeof status === 'number' ? status : null;
}

function fromHttpStatus(status: number, said: string, ctx: FailureContext): AppError {
  const host = displayHost(ctx.host);
  const model = ctx.model ?? 'unknown';
  const details = { host, status, ollamaMessage: said };
  // Ollama's messages are short; the bound keeps these backtracking patterns linear when one
  // echoes a huge user-given name.
  const head = said.slice(0, 1_000);
  if (status === 404 && /model\b.*not found/i.test(head)) {
    return new OllamaError('model_not_found', `Model '${model}' is not installed.`, status, details, { model });
  }
  const incapable = /does not support (.+)$/i.exec(head);
  if (status === 400 && incapable) {
    const what = incapable[1] ?? 'this';
    const hint =
      what === 'chat'
        ? { text: 'Pick a chat model; this one only makes embeddings.', action: 'switch_model' as const }
        : { text: `Pick a model that supports ${what}, or turn ${what} off.`, action: 'switch_model' as const };
    return new OllamaError('model_incapable', `Model '${model}' does not support ${what}.`, status, details, hint);
  }
  if (status === 503) {
    return new OllamaError(
      'ollama_busy',
      `Ollama at ${host} is busy: more requests are waiting than it accepts (OLLAMA_MAX_QUEUE).`,
      status,
      details,
    );
  }
  if (status === 401 || status === 403) {
    return new OllamaError(
      'ollama_rejected',
      `Ollama at ${host} refused the request (${status}: ${said}).`,
      status,
      details,
      {
        text: 'For cloud models, sign in to Ollama; behind a proxy or on another machine, allow this app in OLLAMA_ORIGINS and keep the Host header as localhost.',
        command: 'ollama signin',
      },
    );
  }
  if (status === 404) {
    return new OllamaError('ollama_rejected', `Ollama at ${host} answered 404 (${said}).`, status, details, {
      text: 'Check that OLLAMA_HOST points at an Ollama server of a recent version.',
    });
  }
  if (status >= 500) {
    return new OllamaError('ollama_rejected', `Ollama at ${host} failed with ${status}: ${said}.`, status, details, {
      text: 'Check the Ollama server log (the model may not fit in memory), then try again.',
      action: 'retry',
    });
  }
  return new OllamaError(
    'ollama_rejected',
    `Ollama at ${host} rejected the request (${status}): ${said}.`,
    status,
    details,
  );
}

export function classifyOllamaFailure(err: unknown, ctx: FailureContext): AppError {
  if (err instanceof AppError) return err;
  const host = displayHost(ctx.host);
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  const details = { host, cause: message };

  const status = responseStatus(err);
  if (status !== null) return fromHttpStatus(status, message, ctx);

  if (err instanceof MalformedLine || err instanceof MissingBody || err instanceof SyntaxError) {
    const sample = err instanceof MalformedLine ? err.sample.slice(0, 120) : message;
    return new OllamaError(
      'ollama_bad_response',
      `Ollama at ${host} sent something that is not valid JSON (${sample}).`,
      undefined,
      details,
    );
  }
  if (err instanceof StreamErrorLine) {
    return new OllamaError(
      'ollama_stream_error',
      `Ollama at ${host} stopped in the middle of the answer: ${message}.`,
      200,
      details,
    );
  }

  const codes = errorCodes(err);
  if (name === 'TimeoutError' || codes.some((c) => TIMEOUT_CODES.has(c))) {
    const within = ctx.requestTimeoutMs === undefined ? '' : ` within ${formatSeconds(ctx.requestTimeoutMs)} s`;
    return new NetworkError(
      'ollama_timeout',
      `Ollama at ${host} did not answer${within}; it may be overloaded or stuck.`,
      { ...details, codes },
      { host },
    );
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN') || codes.includes('EAI_FAIL')) {
    return new NetworkError(
      'ollama_unreachable',
      ERROR_MESSAGES.ollamaUnreachable(host, 'the host name does not resolve'),
      { ...details, codes },
      { text: 'Check the host name in OLLAMA_HOST, then restart this app.' },
    );
  }
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) {
    return new NetworkError(
      'ollama_unreachable',
      ERROR_MESSAGES.ollamaUnreachable(host),
      { ...details, codes },
      { host },
    );
  }
  const endedEarly = err instanceof StreamEndedEarly;
  // Once the headers are in, any failure of the body is a dropped stream (undici says 'terminated').
  const dropped =
    endedEarly || name === 'AbortError' || codes.some((c) => DROPPED_CODES.has(c)) || ctx.phase === 'stream';
  if (dropped) {
    const what = endedEarly
      ? 'ended the answer without finishing it'
      : 'dropped the connection before the answer was complete';
    return new NetworkError('ollama_dropped', `Ollama at ${host} ${what}; it may have crashed or restarted.`, {
      ...details,
      codes,
    });
  }
  // "fetch failed" without a known cause, an invalid URL, a TLS failure: Ollama was not talked to.
  return new NetworkError(
    'ollama_unreachable',
    ERROR_MESSAGES.ollamaUnreachable(host),
    { ...details, codes },
    { host },
  );
}
