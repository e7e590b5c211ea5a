/**
 * A real HTTP server that speaks Ollama's native API (v0.33 wire format), with one scenario per model
 * name (see catalogue.ts). Start it in-process with startFakeOllama(), or standalone with cli.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ModelCatalogue, normalizeModelName } from './catalogue';
import { handleChat } from './chat-handler';
import { fixtures } from './fixtures';
import { Generation, type GenerationRecord } from './generation';
import { handleGenerate } from './image-handler';
import { handleDelete, handlePull } from './pull-handler';
import { FakeRegistry, LocalBlobs } from './registry';
import { sendError, sendJson, sendText } from './wire';

export { SCENARIO_MODELS } from './catalogue';
export type { GenerationEnd, GenerationRecord } from './generation';
export { IMAGE_UNSUPPORTED_ERROR, versionMakesImages } from './image-handler';
export { BROKEN_DOWNLOAD_ERROR, UNKNOWN_MODEL_ERROR } from './pull-handler';
export { BROKEN_PULL_MODEL } from './registry';

export interface FakeOllamaOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Pause between chunks of `slow:latest` (default 100 ms). */
  tokenDelayMs?: number;
  /** Token count of `huge:latest` (default 20,000). */
  hugeTokens?: number;
  /** How long /api/pull takes to download the missing bytes of a model (default 1,500 ms). */
  pullDurationMs?: number;
  /**
   * What /api/version reports (default: the fixture's, a version without image generation).
   * 0.14.3–0.32.5 stream image models' steps and a PNG; ≥ 0.32.6 refuse them with a 400.
   */
  version?: string;
  /** Pause between the step lines of `x/flux-image` (default 20 ms) and of `x/flux-image-slow` (default 400 ms). */
  imageStepDelayMs?: number;
  slowImageStepDelayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON body; the raw text when it is not JSON; null when empty. */
  body: unknown;
  at: number;
  /** Lower-case names, as Node parses them. */
  headers: Record<string, string>;
}

export interface FakeOllama {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** One entry per /api/chat answer that started generating, to see whether it stopped on abort. */
  generations: GenerationRecord[];
  /** One entry per /api/pull that got past validation (`model` as requested; `chunksSent` = lines). */
  pulls: GenerationRecord[];
  close(): Promise<void>;
  /** The installed model is now at this digest (as if pulled outside the app); the registry too. */
  setModelDigest(name: string, digest: string): void;
  /** The registry has a newer version; the installed digest changes when a pull of it succeeds. */
  setRegistryDigest(name: string, digest: string): void;
  /** Pulls of this registry model break off part-way with an error line from now on. */
  breakRegistryDownloads(name: string): void;
  setPullDurationMs(ms: number): void;
  /** Changes what /api/version reports (and so how image models answer) from now on. */
  setVersion(version: string): void;
}

const CONTROL_PREFIX = '/__fake/';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseRecordedBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function requestedModel(body: string): string {
  try {
    const parsed = JSON.parse(body) as { model?: unknown; name?: unknown };
    if (typeof parsed.model === 'string' && parsed.model !== '') return parsed.model;
    return typeof parsed.name === 'string' ? parsed.name : '';
  } catch {
    return '';
  }
}

export async function startFakeOllama(opts: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const catalogue = new ModelCatalogue();
  const requests: RecordedRequest[] = [];
  const generations: GenerationRecord[] = [];
  const pulls: GenerationRecord[] = [];
  const blobs = new LocalBlobs();
  const registry = new FakeRegistry(catalogue, blobs);
  let pullDurationMs = opts.pullDurationMs ?? 1_500;
  const sockets = new Set<Socket>();
  let closing = false;
  const plan = { tokenDelayMs: opts.tokenDelayMs ?? 100, hugeTokens: opts.hugeTokens ?? 20_000 };
  let version = opts.version ?? fixtures.version.version;

  const startGeneration = (res: ServerResponse, model: string): Generation => {
    const record: GenerationRecord = {
      id: generations.length + 1,
      model,
      startedAt: Date.now(),
      chunksSent: 0,
      endedBy: null,
      endedAt: null,
    };
    generations.push(record);
    return new Generation(res, record, () => closing);
  };

  const startPull = (res: ServerResponse, model: string): Generation => {
    const record: GenerationRecord = {
      id: pulls.length + 1,
      model,
      startedAt: Date.now(),
      chunksSent: 0,
      endedBy: null,
      endedAt: null,
    };
    pulls.push(record);
    return new Generation(res, record, () => closing);
  };
  const pullDeps = { catalogue, registry, blobs, durationMs: () => pullDurationMs, startSession: startPull };

  const setModelDigest = (name: string, digest: string): void => {
    catalogue.setDigest(name, digest);
    registry.setDigest(name, digest);
    const layers = registry.find(name)?.layers ?? [];
    for (const layer of layers) blobs.set(layer.digest, layer.size);
    blobs.writeManifest(name, layers);
  };

  const control = async (method: string, path: string, body: string, res: ServerResponse): Promise<void> => {
    if (path === '/__fake/requests' && method === 'GET') return sendJson(res, 200, requests);
    if (path === '/__fake/requests' && method === 'DELETE') {
      requests.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/__fake/generations' && method === 'GET') return sendJson(res, 200, generations);
    if (path === '/__fake/digest' && method === 'POST') {
      const { name, digest } = JSON.parse(body) as { name: string; digest: string };
      setModelDigest(name, digest);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/__fake/registry-digest' && method === 'POST') {
      const { name, digest } = JSON.parse(body) as { name: string; digest: string };
      registry.setDigest(name, digest);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/__fake/pulls' && method === 'GET') return sendJson(res, 200, pulls);
    if (path === '/__fake/version' && method === 'POST') {
      version = (JSON.parse(body) as { version: string }).version;
      return sendJson(res, 200, { ok: true });
    }
    return sendText(res, 404, '404 page not found');
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const body = await readBody(req);
    if (path.startsWith(CONTROL_PREFIX)) return control(method, path, body, res);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    requests.push({ method, path, body: parseRecordedBody(body), at: Date.now(), headers });

    const head = method === 'HEAD';
    const key = `${head ? 'GET' : method} ${path}`;
    switch (key) {
      case 'GET /':
        return sendText(res, 200, 'Ollama is running', head);
      case 'GET /api/version':
        return sendJson(res, 200, { version });
      case 'GET /api/tags':
        return sendJson(res, 200, catalogue.tags());
      case 'GET /api/ps':
        return sendJson(res, 200, catalogue.ps());
      case 'POST /api/show': {
        if (body.trim() === '') return sendError(res, 400, 'missing request body');
        const name = requestedModel(body);
        if (name === '') return sendError(res, 400, 'model is required');
        const model = catalogue.find(name);
        if (!model) return sendError(res, 404, `model '${normalizeModelName(name)}' not found`);
        return sendJson(res, 200, model.show);
      }
      case 'POST /api/chat':
        return handleChat(body, res, { catalogue, plan, startGeneration });
      case 'POST /api/generate':
        return handleGenerate(body, res, {
          catalogue,
          version: () => version,
          stepDelayMs: opts.imageStepDelayMs ?? 20,
          slowStepDelayMs: opts.slowImageStepDelayMs ?? 400,
          startGeneration,
        });
      case 'POST /api/pull':
        return handlePull(body, res, pullDeps);
      case 'DELETE /api/delete':
        return handleDelete(body, res, pullDeps);
      default: {
        const knownPath = [
          '/',
          '/api/version',
          '/api/tags',
          '/api/ps',
          '/api/show',
          '/api/chat',
          '/api/generate',
          '/api/pull',
          '/api/delete',
        ].includes(path);
        if (knownPath) return sendText(res, 405, '405 method not allowed');
        return sendText(res, 404, '404 page not found');
      }
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) sendError(res, 500, `fake-ollama: ${message}`);
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    generations,
    pulls,
    setModelDigest,
    setRegistryDigest: (name, digest) => registry.setDigest(name, digest),
    breakRegistryDownloads: (name) => registry.breakDownloads(name),
    setPullDurationMs: (ms) => {
      pullDurationMs = ms;
    },
    setVersion: (v) => {
      version = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        // Streams that hang or stall would otherwise keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
