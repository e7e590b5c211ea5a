/**
 * A real HTTP server speaking the OpenAI images API as local image servers do (LocalAI,
 * stable-diffusion.cpp's server, ComfyUI / SD WebUI adapters): `POST /v1/images/generations` →
 * `{ created, data: [{ b64_json, revised_prompt? }] }`, `GET /v1/models`, errors as
 * `{ error: { message, type, code } }`. One scenario per model name (IMAGE_SERVER_MODELS).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { makePng } from '../png';

/** Model name → what it does. */
export const IMAGE_SERVER_MODELS = {
  /** Answers with `n` PNGs. */
  success: 'sd-turbo',
  /** Like sd-turbo, and rewrites the prompt (`revised_prompt`). */
  revised: 'dall-e-local',
  /** Takes `slowMs` before it answers, with no progress at all; stops when the client goes away. */
  slow: 'sd-slow',
  /** 401, whatever key was sent. */
  unauthorized: 'sd-401',
  /** 500 with an OpenAI-style error body. */
  serverError: 'sd-500',
  /** 200 whose items have a `url` but no `b64_json`. */
  malformed: 'sd-malformed',
  /** 200 whose `b64_json` decodes to text, not an image. */
  notImage: 'sd-notimage',
  /** 400 content-policy refusal. */
  refusal: 'sd-refuse',
} as const;

export const REFUSAL_TEXT =
  'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed.';

export interface FakeImageServerOptions {
  port?: number;
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** How long `sd-slow` takes (default 3,000 ms). */
  slowMs?: number;
  /** Answers GET /v1/models with 404 (a server that does not list its models). */
  noModelList?: boolean;
}

export interface ImageServerRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

export interface FakeImageServer {
  url: string;
  requests: ImageServerRequest[];
  /** Generations that ended because the client went away before the answer. */
  aborted: number;
  /** Generations that were answered. */
  answered: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function openAiError(res: ServerResponse, status: number, message: string, type: string, code: string | null): void {
  send(res, status, { error: { message, type, param: null, code } });
}

export async function startFakeImageServer(opts: FakeImageServerOptions = {}): Promise<FakeImageServer> {
  const requests: ImageServerRequest[] = [];
  const sockets = new Set<Socket>();
  const state = { aborted: 0, answered: 0 };
  const slowMs = opts.slowMs ?? 3_000;

  const generate = async (res: ServerResponse, body: Record<string, unknown>) => {
    const model = typeof body.model === 'string' ? body.model : '';
    const prompt = typeof body.prompt === 'string' ? body.prompt : '';
    if (prompt === '') return openAiError(res, 400, 'prompt is required', 'invalid_request_error', null);
    const n = typeof body.n === 'number' ? Math.max(1, Math.min(10, body.n)) : 1;
    const seed = typeof body.seed === 'number' ? body.seed : 0;
    const [w, h] = (typeof body.size === 'string' ? body.size : '1024x1024').split('x').map(Number);
    const images = () =>
      Array.from({ length: n }, (_, i) => ({
        b64_json: makePng(prompt, seed + i, (w ?? 1024) / 32, (h ?? 1024) / 32).toString('base64'),
        ...(model === IMAGE_SERVER_MODELS.revised ? { revised_prompt: `A detailed picture of ${prompt}` } : {}),
      }));
    switch (model) {
      case IMAGE_SERVER_MODELS.unauthorized:
        return openAiError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      case IMAGE_SERVER_MODELS.serverError:
        return openAiError(res, 500, 'CUDA out of memory while decoding the latent.', 'server_error', null);
      case IMAGE_SERVER_MODELS.refusal:
        return openAiError(res, 400, REFUSAL_TEXT, 'invalid_request_error', 'content_policy_violation');
      case IMAGE_SERVER_MODELS.malformed:
        state.answered += 1;
        return send(res, 200, { created: 1, data: [{ url: 'http://example.invalid/a.png' }] });
      case IMAGE_SERVER_MODELS.notImage:
        state.answered += 1;
        return send(res, 200, {
          created: 1,
          data: [{ b64_json: Buffer.from('<html>nope</html>').toString('base64') }],
        });
      case IMAGE_SERVER_MODELS.slow: {
        const finished = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), slowMs);
          res.once('close', () => {
            clearTimeout(timer);
            resolve(false);
          });
        });
        if (!finished) {
          state.aborted += 1;
          return;
        }
        state.answered += 1;
        return send(res, 200, { created: Math.floor(Date.now() / 1000), data: images() });
      }
      case IMAGE_SERVER_MODELS.success:
      case IMAGE_SERVER_MODELS.revised:
        state.answered += 1;
        return send(res, 200, { created: Math.floor(Date.now() / 1000), data: images() });
      default:
        return openAiError(res, 404, `model '${model}' not found`, 'invalid_request_error', 'model_not_found');
    }
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const text = await readBody(req);
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    const authorization = req.headers.authorization ?? null;
    requests.push({ method, path, body, authorization });
    if (opts.apiKey !== undefined && authorization !== `Bearer ${opts.apiKey}`) {
      return openAiError(res, 401, "You didn't provide a valid API key.", 'invalid_request_error', 'invalid_api_key');
    }
    if (method === 'GET' && path === '/v1/models') {
      if (opts.noModelList) return openAiError(res, 404, 'not found', 'invalid_request_error', null);
      return send(res, 200, {
        object: 'list',
        data: Object.values(IMAGE_SERVER_MODELS).map((id) => ({ id, object: 'model', created: 1, owned_by: 'local' })),
      });
    }
    if (method === 'POST' && path === '/v1/images/generations') {
      if (typeof body !== 'object' || body === null) {
        return openAiError(res, 400, 'body must be JSON', 'invalid_request_error', null);
      }
      return generate(res, body as Record<string, unknown>);
    }
    return openAiError(res, 404, `no route ${method} ${path}`, 'invalid_request_error', null);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) openAiError(res, 500, String(err), 'server_error', null);
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get aborted() {
      return state.aborted;
    },
    get answered() {
      return state.answered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
