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
import { incomingOf } from './node-env';

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

/** The text Hono's `c.req.text()` would give: UTF-8, without a byte-order mark. */
function readText(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('error', reject);
    incoming.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
  });
}

/**
 * Puts the Node request's body text into Hono's body cache, where `c.req.json()` (the JSON validator's
 * read) takes it and parses it: Hono's `json()` reads the cached text (a cached `json` would be turned
 * back into text through a web Response). A malformed body rejects there, as it would without this.
 */
export function preloadJsonBody(c: Context): void {
  const incoming = incomingOf(c);
  if (!incoming || Object.keys(c.req.bodyCache).length > 0 || !unreadSizedBody(incoming)) return;
  const pending = readText(incoming);
  pending.catch(() => undefined); // read by the validator; never an unhandled rejection meanwhile
  // Hono keeps the promise of a read in its cache (its type says the value).
  (c.req.bodyCache as { text?: Promise<string> }).text = pending;
}
