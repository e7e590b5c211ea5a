/**
 * The fetch handed to ollama-js by default: the same contract as the global fetch for what it sends
 * (a method, headers, a string body, a signal), over node:http. The global fetch (undici) costs a
 * WebAssembly HTTP parser compiled at the first request and its dispatcher machinery in every
 * process, several MB of memory, and a few hundred microseconds per request on the way to the
 * first token (issue 12). Measured against the global fetch in the same build (A/B, alternating, one
 * answer then 4 concurrent `huge` streams per server, 5 servers each; load 13–15 on 2 cores): idle RSS
 * 79.3 vs 89.5 MB, peak during the 4 streams 95.5 vs 105.6 MB, server-added time to first token
 * 19.0 vs 25.3 ms (median of 40). Failures look like fetch's: a TypeError('fetch failed') whose `cause` is
 * the socket error, the signal's reason when it aborted, and a body stream that errors the same way.
 * Anything else (a stream or form body) goes to the global fetch.
 *
 * It sends no accept-encoding (ollama-js sends none; one a caller passes is dropped), so a local
 * Ollama answers plainly. A proxy in front of it that compresses anyway (gzip, deflate or br) has the
 * body decoded here with node:zlib, loaded only then, as fetch would. A redirect (301/302/303/307/308
 * with a Location) is left to the global fetch, which follows it: our response is destroyed unread and
 * the request sent again, which is safe because the body here is always a string and the hop that
 * redirected did not act on it.
 */
import http, { type IncomingMessage } from 'node:http';
import { pipeline, Readable, type Transform } from 'node:stream';
import type { FetchFn } from './fetch-wrappers';

type HttpModule = Pick<typeof http, 'request'>;
type Zlib = typeof import('node:zlib');

/** A built-in module loaded the first time it is needed: what a local Ollama never needs costs no memory. */
function loadOnce<M>(load: () => Promise<{ default: M }>): () => Promise<M> {
  let module: Promise<M> | null = null;
  return () => {
    module ??= load().then((m) => m.default);
    return module;
  };
}

/** TLS, for an https OLLAMA_HOST only. */
const loadHttps = loadOnce<HttpModule>(() => import('node:https'));
/** Decompression, for a proxy that compresses only. */
const loadZlib = loadOnce<Zlib>(() => import('node:zlib'));

/** The request's headers, without accept-encoding: we hand bodies over as they come. */
function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string) => {
    if (key.toLowerCase() !== 'accept-encoding') out[key] = value;
  };
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, key) => {
      put(key, value);
    });
  } else if (Array.isArray(headers)) {
    for (const [key, value] of headers) if (key !== undefined && value !== undefined) put(key, value);
  } else {
    for (const [key, value] of Object.entries(headers)) {
      put(key, typeof value === 'string' ? value : [...(value as readonly string[])].join(', '));
    }
  }
  return out;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A redirect to follow: the global fetch does that. */
const isRedirect = (res: IncomingMessage): boolean => REDIRECTS.has(res.statusCode ?? 0) && !!res.headers.location;

/**
 * The decoders for a compressed body, as fetch decodes (undici's options: a body cut short of its
 * trailer still yields what arrived). An encoding not listed is handed over as it came, as fetch does.
 */
const gunzip = (zlib: Zlib) =>
  zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
const DECODERS = new Map<string, (zlib: Zlib) => Transform>([
  ['gzip', gunzip],
  ['x-gzip', gunzip],
  [
    'deflate',
    (zlib) => zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  ],
  [
    'br',
    (zlib) =>
      zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      }),
  ],
]);

const decoderOf = (res: IncomingMessage) => DECODERS.get(res.headers['content-encoding']?.trim().toLowerCase() ?? '');

function responseOf(res: IncomingMessage, decoder: Transform | null = null): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const status = res.statusCode ?? 0;
  const noBody = status === 204 || status === 304 || status < 200;
  if (noBody) res.resume();
  let stream: Readable = res;
  if (decoder && !noBody) {
    // Errors of either side (a reset socket, an abort, a corrupt body) end up on the decoder's stream.
    stream = pipeline(res, decoder, () => {});
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  const body = noBody ? null : (Readable.toWeb(stream) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

export const nodeFetch: FetchFn = async (input, init) => {
  const body = init?.body;
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
  if (url === null || (body !== undefined && body !== null && typeof body !== 'string')) {
    return globalThis.fetch(input, init);
  }
  const target = new URL(url);
  const transport: HttpModule = target.protocol === 'https:' ? await loadHttps() : http;
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;
  return new Promise<Response>((resolve, reject) => {
    let response: IncomingMessage | null = null;
    const headers = headerRecord(init?.headers);
    // Node sends DELETE (which ollama-js gives a body) without a length unless told.
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    const req = transport.request(target, { method: init?.method ?? 'GET', headers });
    const onAbort = () => {
      const reason: unknown = signal?.reason;
      const error = reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
      if (response) response.destroy(error);
      else {
        reject(error);
        req.destroy(error);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (err) => {
      if (response) return; // the body's stream reports it
      done();
      if (!signal?.aborted) reject(new TypeError('fetch failed', { cause: err }));
    });
    req.on('response', (res) => {
      response = res;
      if (isRedirect(res)) {
        done();
        res.destroy();
        resolve(globalThis.fetch(input, init));
        return;
      }
      res.on('close', done);
      const decoder = decoderOf(res);
      if (decoder) loadZlib().then((zlib) => resolve(responseOf(res, decoder(zlib))), reject);
      else resolve(responseOf(res));
    });
    req.end(body ?? undefined);
  });
};
