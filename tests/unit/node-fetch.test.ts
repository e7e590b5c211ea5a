import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeFetch } from '../../src/backend/ollama-client/node-fetch';

const compress: Record<string, (data: string) => Buffer> = {
  gzip: (data) => zlib.gzipSync(data),
  br: (data) => zlib.brotliCompressSync(data),
  deflate: (data) => zlib.deflateSync(data),
};

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

let server: http.Server;
let base: string;
/** Where the proxy in front of Ollama redirects to: answers what it was sent. */
let target: http.Server;
let targetBase: string;
beforeAll(async () => {
  target = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, method: req.method, body }));
    });
  });
  targetBase = await listen(target);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      if (req.url === '/moved') {
        res.writeHead(307, { location: `${targetBase}/api/final` });
        res.end('moved');
        return;
      }
      if (req.url === '/compressed-no-trailer') {
        const whole = zlib.gzipSync('{"done":true}\n');
        res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
        res.end(whole.subarray(0, whole.length - 8)); // a proxy that ends the body without gzip's trailer
        return;
      }
      if (req.url === '/compressed-cut') {
        const whole = zlib.gzipSync(JSON.stringify({ text: 'x'.repeat(5000) }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        // The headers and half the body arrive; then the connection drops.
        res.write(whole.subarray(0, whole.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
        return;
      }
      const encoding = req.url?.match(/^\/compressed\/(\w+)$/)?.[1];
      if (encoding !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        res.end((compress[encoding] as (data: string) => Buffer)(JSON.stringify({ models: [{ name: 'm' }] })));
        return;
      }
      if (req.url === '/plain') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ acceptEncoding: req.headers['accept-encoding'] ?? null }));
        return;
      }
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"a":1}\n');
        return; // the body never ends
      }
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-seen-method': req.method ?? '' });
      res.end(JSON.stringify({ body, length: req.headers['content-length'] ?? null }));
    });
  });
  base = await listen(server);
});
afterAll(async () => {
  await close(server);
  await close(target);
});

describe('the node:http fetch handed to ollama-js', () => {
  it('sends method, headers and a string body (with its length, also for DELETE) and answers like fetch', async () => {
    const res = await nodeFetch(`${base}/x`, { method: 'DELETE', headers: { 'x-a': '1' }, body: '{"model":"ü"}' });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(res.ok).toBe(true);
    expect(res.headers.get('x-seen-method')).toBe('DELETE');
    expect(await res.json()).toEqual({ body: '{"model":"ü"}', length: '14' });
  });

  it('fails like fetch: a TypeError whose cause names the socket error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await nodeFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('fetch failed');
    expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it("rejects with the signal's reason before the answer, and errors the body with it after", async () => {
    const before = await nodeFetch(`${base}/hang`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((before as Error).name).toBe('TimeoutError');
    const controller = new AbortController();
    const res = await nodeFetch(`${base}/stream`, { signal: controller.signal });
    const reader = res.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    controller.abort();
    const after = await reader?.read().catch((e: unknown) => e);
    expect((after as Error).name).toBe('AbortError');
  });
});

describe('an OLLAMA_HOST behind a proxy', () => {
  it('follows a 307 to another server, sending the same method and body again', async () => {
    const res = await nodeFetch(`${base}/moved`, { method: 'POST', body: '{"model":"m"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: '/api/final', method: 'POST', body: '{"model":"m"}' });
  });

  it.each(Object.keys(compress))(
    'decodes a %s-compressed JSON answer itself: the request is sent once',
    async (encoding) => {
      // Sent again, a chat or a pull behind a compressing proxy would run twice in Ollama.
      const globalFetch = vi.spyOn(globalThis, 'fetch');
      try {
        const res = await nodeFetch(`${base}/compressed/${encoding}`, { method: 'POST', body: '{}' });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-encoding')).toBeNull();
        expect(await res.json()).toEqual({ models: [{ name: 'm' }] });
        expect(globalFetch).not.toHaveBeenCalled();
      } finally {
        globalFetch.mockRestore();
      }
    },
  );

  it('a gzip body that ends cleanly without its trailer still gives what arrived, as fetch does', async () => {
    const res = await nodeFetch(`${base}/compressed-no-trailer`);
    expect(await res.text()).toBe('{"done":true}\n');
  });

  it('a compressed body cut off mid-way errors the body stream, as fetch does', async () => {
    const res = await nodeFetch(`${base}/compressed-cut`);
    await expect(res.text()).rejects.toThrow();
  });

  it('answers a plain 200 over node:http, without the global fetch and without asking for compression', async () => {
    const globalFetch = vi.spyOn(globalThis, 'fetch');
    try {
      const res = await nodeFetch(`${base}/plain`, { headers: { 'Accept-Encoding': 'gzip, br' } });
      expect(await res.json()).toEqual({ acceptEncoding: null });
      expect(globalFetch).not.toHaveBeenCalled();
    } finally {
      globalFetch.mockRestore();
    }
  });
});
