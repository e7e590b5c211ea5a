/**
 * Request bodies read from Node's request itself when the app runs behind @hono/node-server (issue 12).
 * Hono's body limit asks for `c.req.raw.body` on every API request, and reading JSON goes through
 * `c.req.json()`: either one turns the adapter's lightweight request into a full web Request (undici's
 * Request and Headers, the socket wrapped as a web stream), about half a millisecond of every send.
 * Both look at the Node request instead when they can, and fall back to Hono's own way when they
 * cannot (in-process `app.request()`, a chunked body, a body someone already started reading).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** A body whose size Node's parser holds to its Content-Length, not read by anyone yet. */
function unreadSizedBody(incoming: IncomingMessage): boolean {
  const { headers } = incoming;
  return (
    headers['content-length'] !== undefined && headers['transfer-encoding'] === undefined && !incoming.readableDidRead
  );
}

/**
 * Hono's bodyLimit, decided from the Node request's headers where Hono would decide from the same
 * headers (a GET or HEAD has no body to Hono; a sized body is judged by its Content-Length). A chunked
 * body is counted by Hono's middleware as before.
 */
export function limitBody(maxSize: number, onError: () => never): MiddlewareHandler {
  const hono = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const incoming = incomingOf(c);
    if (!incoming) return hono(c, next);
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (!unreadSizedBody(incoming)) return hono(c, next);
    if (Number.parseInt(incoming.headers['content-length'] ?? '0', 10) > maxSize) onError();
    return next();
  };
}

/** The JSON Hono's `c.req.json()` would give: UTF-8 without a byte-order mark, then JSON.parse. */
function readJson(incoming: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('error', reject);
    incoming.once('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/**
 * Puts the Node request's JSON into Hono's body cache, where `c.req.json()` (the JSON validator's
 * read) finds it. A malformed body rejects there, as `c.req.json()` would.
 */
export function preloadJsonBody(c: Context): void {
  const incoming = incomingOf(c);
  if (!incoming || c.req.bodyCache.json !== undefined || !unreadSizedBody(incoming)) return;
  const pending = readJson(incoming);
  pending.catch(() => undefined); // read by the validator; never an unhandled rejection meanwhile
  c.req.bodyCache.json = pending;
}
