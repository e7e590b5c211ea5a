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
 * It follows no redirects, decodes no body and sends no accept-encoding (ollama-js sends none; one a
 * caller passes is dropped), so a local Ollama answers plainly. Behind a proxy that redirects
 * (301/302/303/307/308 with a Location) or compresses anyway (a content-encoding other than identity),
 * the answer comes from the global fetch instead, which follows and decodes: our response is destroyed
 * unread and the same request sent again. That is possible because the body here is always a string,
 * never a stream already consumed. The price, for setups that rare: the first hop sees the request
 * twice, and behind a compressing proxy Ollama has already acted on it (a DELETE sent again may 404).
 */
import http, { type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { FetchFn } from './fetch-wrappers';

type HttpModule = Pick<typeof http, 'request'>;
let httpsModule: Promise<HttpModule> | null = null;
/** TLS only for an https OLLAMA_HOST: loading it costs memory a local Ollama never needs. */
const loadHttps = (): Promise<HttpModule> => {
  httpsModule ??= import('node:https').then((m) => m.default);
  return httpsModule;
};

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

/** An answer only the global fetch hands over as fetch would: a redirect to follow or a body to decode. */
function needsGlobalFetch(res: IncomingMessage): boolean {
  if (REDIRECTS.has(res.statusCode ?? 0) && res.headers.location) return true;
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  return encoding !== undefined && encoding !== '' && encoding !== 'identity';
}

function responseOf(res: IncomingMessage): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const status = res.statusCode ?? 0;
  const noBody = status === 204 || status === 304 || status < 200;
  if (noBody) res.resume();
  const body = noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
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
      if (needsGlobalFetch(res)) {
        done();
        res.destroy();
        resolve(globalThis.fetch(input, init));
        return;
      }
      res.on('close', done);
      resolve(responseOf(res));
    });
    req.end(body ?? undefined);
  });
};
