import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../src/backend/ollama-client/node-fetch';

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"a":1}\n');
        return; // the body never ends
      }
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-seen-method': req.method ?? '' });
      res.end(JSON.stringify({ body, length: req.headers['content-length'] ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
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
