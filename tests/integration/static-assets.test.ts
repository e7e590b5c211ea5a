/**
 * The built GUI through the real HTTP app: precompressed twins chosen by Accept-Encoding, caching
 * headers, 404s and path traversal. Requests go out with node:http so the raw bytes and headers are
 * seen exactly as a browser gets them (fetch would decompress and normalise `..` away).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guiBuildOf } from '../../src/backend/http';
import { BackendService } from '../../src/backend/service';
import { loadConfig } from '../../src/utils/config';
import { createLogger } from '../../src/utils/logger';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama';

const SCRIPT = `export const answer = ${JSON.stringify('x'.repeat(4000))};\n`;
/** As Vite writes it: a classic script first, then the entry module (the build's identity, `Health.gui`). */
const ENTRY = '/assets/index-T3stB1ld.js';
const SHELL = `<!doctype html><html><head><title>Ollama Chat</title><script src="/theme-init.js"></script><script type="module" crossorigin src="${ENTRY}"></script></head><body><div id="root"></div></body></html>`;
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let tmp: string;
let fake: FakeOllama;
let service: BackendService;
let port: number;

function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: rawPath, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-static-'));
  const gui = path.join(tmp, 'gui');
  mkdirSync(path.join(gui, 'assets'), { recursive: true });
  writeFileSync(path.join(gui, 'index.html'), SHELL);
  writeFileSync(path.join(gui, 'index.html.gz'), gzipSync(SHELL));
  const asset = path.join(gui, 'assets', 'app-Bx7kQ2aZ.js');
  writeFileSync(asset, SCRIPT);
  writeFileSync(`${asset}.br`, brotliCompressSync(SCRIPT));
  writeFileSync(`${asset}.gz`, gzipSync(SCRIPT));
  writeFileSync(path.join(gui, 'assets', 'font-C1a2b3c4.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 1, 2, 3]));
  writeFileSync(path.join(gui, 'theme-init.js'), '(() => {})();\n');
  // Outside the GUI directory: must never be reachable.
  writeFileSync(path.join(tmp, 'secret.txt'), 'top secret');

  fake = await startFakeOllama({});
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    OLLAMA_HOST: fake.url,
    DATA_DIR: path.join(tmp, 'data'),
    LOG_LEVEL: 'silent',
  });
  service = new BackendService({ config, logger: createLogger('silent'), guiDir: gui });
  await service.start();
  port = Number(new URL(service.url).port);
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the GUI build the server serves (Health.gui)', () => {
  it("is reported by /api/health: the src of index.html's module script", async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ ok: true, gui: ENTRY });
  });

  it('follows a GUI built again while the server runs: the build reported is the one new tabs get', async () => {
    const index = path.join(tmp, 'gui', 'index.html');
    const later = '/assets/index-L4terB1d.js';
    writeFileSync(index, SHELL.replace(ENTRY, later));
    try {
      expect(JSON.parse((await get('/api/health')).body.toString())).toMatchObject({ gui: later });
    } finally {
      writeFileSync(index, SHELL);
    }
    expect(JSON.parse((await get('/api/health')).body.toString())).toMatchObject({ gui: ENTRY });
  });

  it('is read from index.html whatever the attribute order or quotes, and is null without a module script', () => {
    const dir = path.join(tmp, 'shells');
    const shell = (html: string | null) => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      if (html !== null) writeFileSync(path.join(dir, 'index.html'), html);
      return guiBuildOf(dir);
    };
    expect(shell(SHELL)).toBe(ENTRY);
    expect(shell(`<SCRIPT SRC='/assets/a-1.js' TYPE='module'></SCRIPT>`)).toBe('/assets/a-1.js');
    expect(shell('<script src=/assets/b-2.js type=module></script>')).toBe('/assets/b-2.js');
    expect(shell('<script type="text/javascript" src="/x.js"></script><script type="modulex" src="/y.js">')).toBeNull();
    expect(shell('<!doctype html><title>no scripts</title>')).toBeNull();
    expect(shell(null)).toBeNull();
  });
});

describe('GUI assets', () => {
  it('sends the brotli twin when the client accepts br, with the right headers', async () => {
    const res = await get('/assets/app-Bx7kQ2aZ.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends the gzip twin when only gzip is accepted', async () => {
    const res = await get('/assets/app-Bx7kQ2aZ.js', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(gunzipSync(res.body).toString()).toBe(SCRIPT);
  });

  it('honours q-values: br;q=0 means gzip', async () => {
    const res = await get('/assets/app-Bx7kQ2aZ.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('sends the file itself without Accept-Encoding, still varying by it', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'deflate' }] as Record<
      string,
      string
    >[]) {
      const res = await get('/assets/app-Bx7kQ2aZ.js', headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(SCRIPT)));
      expect(res.body.toString()).toBe(SCRIPT);
    }
  });

  it('serves a file without twins as is, immutable, without Vary', async () => {
    const res = await get('/assets/font-C1a2b3c4.woff2', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('font/woff2');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.body.length).toBe(7);
  });

  it('revalidates the app shell (no-cache) and serves it for client-side routes', async () => {
    for (const p of ['/', '/c/01JABCDEF', '/index.html', '/models/llama3.2%3Alatest', '/models/qwen2.5']) {
      const res = await get(p, { 'accept-encoding': 'gzip' });
      expect(res.status, p).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(res.body).toString()).toBe(SHELL);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const plain = await get('/theme-init.js');
    expect(plain.headers['cache-control']).toBe('no-cache');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/', { 'accept-encoding': 'gzip' });
    const etag = String(first.headers.etag);
    const again = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get('/assets/app-Bx7kQ2aZ.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });

  it('gives a page navigation the app shell even when the route looks like a file name', async () => {
    const res = await get('/models/foo.js', { accept: 'text/html,application/xhtml+xml' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(SHELL);
  });

  it('answers a missing asset with a 404 JSON error, not the app shell', async () => {
    for (const p of ['/assets/nope-12345678.js', '/missing.js']) {
      const res = await get(p, { 'accept-encoding': 'br' });
      expect(res.status, p).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(JSON.parse(res.body.toString()).error.code).toBe('not_found');
    }
  });

  it('never serves a file outside the GUI directory', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/app-Bx7kQ2aZ.js%00.txt',
    ]) {
      const res = await get(p);
      expect(res.body.toString(), p).not.toContain('top secret');
      expect([400, 403, 404], p).toContain(res.status);
    }
  });

  it('does not hand out the compressed twins by name', async () => {
    const res = await get('/assets/app-Bx7kQ2aZ.js.br');
    expect(res.status).toBe(404);
  });
});
