/**
 * The fetch functions handed to ollama-js. They add what ollama-js lacks: a timeout for calls that
 * take no signal, credentials from the host URL, and JSON error bodies (ollama-js console.logs its
 * way through non-JSON ones). Streams use the capturing fetch of ndjson-stream.ts.
 */

export type FetchFn = typeof fetch;

/** Rewrites a non-2xx answer as `{"error": …}` JSON so ollama-js builds its ResponseError quietly. */
export async function jsonErrorResponse(res: Response): Promise<Response> {
  const text = await res.text().catch(() => '');
  let message = '';
  try {
    const parsed: unknown = JSON.parse(text);
    const error = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
    if (typeof error === 'string') message = error;
  } catch {
    // not JSON: Ollama's plain-text 404/405, a proxy's HTML page, or an empty 403
  }
  if (message === '') message = text.trim().slice(0, 500) || `Error ${res.status}: ${res.statusText}`;
  return new Response(JSON.stringify({ error: message }), {
    status: res.status,
    statusText: res.statusText,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function combine(a: AbortSignal | null | undefined, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}

/**
 * fetch refuses URLs with `user:pass@`, which OLLAMA_HOST may carry for a proxy with basic auth:
 * move them into an Authorization header.
 */
export function credentialsFetch(base: FetchFn): FetchFn {
  return (input, init) => {
    if (typeof input !== 'string' || !input.includes('@')) return base(input, init);
    const url = new URL(input);
    if (url.username === '' && url.password === '') return base(input, init);
    const headers = new Headers(init?.headers);
    if (!headers.has('authorization')) {
      const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.set('authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
    }
    url.username = '';
    url.password = '';
    return base(url.toString(), { ...init, headers });
  };
}

/** For calls without a stream (version, tags, show): the whole exchange must finish within `timeoutMs`. */
export function timeoutFetch(base: FetchFn, timeoutMs: number): FetchFn {
  return async (input, init) => {
    const signal = combine(init?.signal, AbortSignal.timeout(timeoutMs));
    const res = await base(input, { ...init, signal });
    return res.ok ? res : jsonErrorResponse(res);
  };
}
