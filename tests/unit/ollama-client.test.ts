import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AppError, NetworkError, OllamaError } from '../../src/backend/errors';
import {
  type ChatStreamPart,
  type ChatStreamRequest,
  normalizeOllamaHost,
  OllamaClient,
  type OllamaFinalCounters,
} from '../../src/backend/ollama-client';
import { SPLIT_UTF8_TEXT } from '../fakes/fake-ollama/answers';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama/index';
import { waitFor } from '../support/wait-for';

let fake: FakeOllama;
let client: OllamaClient;

beforeAll(async () => {
  fake = await startFakeOllama({ tokenDelayMs: 40, hugeTokens: 20_000 });
  client = new OllamaClient({ host: fake.url });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function request(model: string, overrides: Partial<ChatStreamRequest> = {}): ChatStreamRequest {
  return {
    model,
    messages: [{ role: 'user', content: 'hello there' }],
    signal: new AbortController().signal,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    ...overrides,
  };
}

interface Collected {
  content: string;
  thinking: string;
  deltas: number;
  done: OllamaFinalCounters[];
  parts: ChatStreamPart[];
  error: unknown;
}

async function collect(
  stream: AsyncGenerator<ChatStreamPart, void, undefined>,
  onDelta?: (n: number) => void,
): Promise<Collected> {
  const out: Collected = { content: '', thinking: '', deltas: 0, done: [], parts: [], error: null };
  try {
    for await (const part of stream) {
      out.parts.push(part);
      if (part.kind === 'delta') {
        out.content += part.content;
        out.thinking += part.thinking;
        // A delta joins the chunks of one network read; `deltas` counts Ollama's chunks.
        out.deltas += part.tokens ?? 1;
        onDelta?.(out.deltas);
      } else {
        out.done.push(part.counters);
      }
    }
  } catch (err) {
    out.error = err;
  }
  return out;
}

function lastChatBody(): Record<string, unknown> {
  const chats = fake.requests.filter((r) => r.path === '/api/chat');
  return chats.at(-1)?.body as Record<string, unknown>;
}

async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function expectAppError(err: unknown, cls: typeof OllamaError | typeof NetworkError, code: string): AppError {
  expect(err).toBeInstanceOf(cls);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe('OllamaClient.chatStream: answers', () => {
  it('assembles the streamed answer and ends with exactly one done, metrics in ms', async () => {
    const out = await collect(
      client.chatStream(request('llama3.2', { messages: [{ role: 'user', content: 'is it blue?' }] })),
    );
    expect(out.error).toBeNull();
    expect(out.content).toBe(
      'Echo: is it blue?\n\nThis is a **fake** reply from `llama3.2` with 1 message in context.',
    );
    expect(out.parts.at(-1)?.kind).toBe('done');
    expect(out.done).toHaveLength(1);
    const counters = out.done[0] as OllamaFinalCounters;
    expect(counters.doneReason).toBe('stop');
    expect(counters.evalCount).toBe(out.deltas);
    expect(counters.promptEvalCount).toBeGreaterThan(0);
    // The fake reports a cold load of 1_021_577_458 ns on a model's first request.
    expect(counters.loadDurationMs).toBeCloseTo(1021.577458, 6);
    expect(counters.totalDurationMs).toBeGreaterThan(counters.loadDurationMs);
    expect(counters.totalDurationMs).toBeLessThan(60_000);
    expect(counters.evalDurationMs).toBeGreaterThan(0);
  });

  it('sends stream:true, think/keep_alive only when given, options as given and bare base64 images', async () => {
    await collect(
      client.chatStream(
        request('llava', {
          messages: [{ role: 'user', content: 'look', images: ['data:image/png;base64,iVBORw0KGgo=', 'AAAA'] }],
          options: { temperature: 0.2, num_ctx: 8192 },
          keepAlive: '10m',
        }),
      ),
    );
    const body = lastChatBody();
    expect(body.stream).toBe(true);
    expect('think' in body).toBe(false);
    expect(body.keep_alive).toBe('10m');
    expect(body.options).toEqual({ temperature: 0.2, num_ctx: 8192 });
    expect(body.messages).toEqual([{ role: 'user', content: 'look', images: ['iVBORw0KGgo=', 'AAAA'] }]);

    await collect(client.chatStream(request('qwen3:8b', { think: false })));
    expect(lastChatBody().think).toBe(false);
    expect('keep_alive' in lastChatBody()).toBe(false);
  });

  it('tells a vision model how many images it got', async () => {
    const out = await collect(
      client.chatStream(request('llava', { messages: [{ role: 'user', content: 'x', images: ['AAAA'] }] })),
    );
    expect(out.content).toMatch(/^I see 1 image\./);
  });

  it('yields thinking before content for a thinking model, and none with think:false', async () => {
    const on = await collect(client.chatStream(request('qwen3:8b')));
    expect(on.thinking).toMatch(/^Okay, the user wrote "hello there"/);
    expect(on.content).toMatch(/^Echo: hello there/);
    const firstContent = on.parts.findIndex((p) => p.kind === 'delta' && p.content !== '');
    const lastThinking = on.parts.findLastIndex((p) => p.kind === 'delta' && p.thinking !== '');
    expect(lastThinking).toBeLessThan(firstContent);
    const off = await collect(client.chatStream(request('qwen3:8b', { think: false })));
    expect(off.thinking).toBe('');
    expect(off.content).toMatch(/^Echo: hello there/);
  });

  it('reassembles multibyte characters and lines split across network reads', async () => {
    const out = await collect(client.chatStream(request('split-utf8')));
    expect(out.error).toBeNull();
    expect(out.content).toBe(SPLIT_UTF8_TEXT);
    expect(out.done).toHaveLength(1);
  });

  it('streams a 20,000-token markdown answer', async () => {
    const out = await collect(client.chatStream(request('huge')));
    expect(out.error).toBeNull();
    expect(out.deltas).toBe(20_000);
    expect(out.done[0]?.evalCount).toBe(20_000);
    expect(out.content).toContain('```python');
  });

  it('waits for a loading model and reports its load time', async () => {
    const out = await collect(client.chatStream(request('loading', { firstTokenTimeoutMs: 3_000 })));
    expect(out.error).toBeNull();
    expect(out.done[0]?.loadDurationMs).toBeGreaterThanOrEqual(800);
  });
});

describe('OllamaClient.chatStream: failures', () => {
  it('reports an Ollama that is not running as unreachable, naming the host', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    const down = new OllamaClient({ host });
    const out = await collect(down.chatStream(request('llama3.2')));
    const err = expectAppError(out.error, NetworkError, 'ollama_unreachable');
    expect(err.message).toBe(`Can't reach Ollama at ${host}.`);
    expect(err.hint.command).toBe('ollama serve');
    expectAppError(await down.version().catch((e: unknown) => e), NetworkError, 'ollama_unreachable');
  });

  it('sends credentials from the host URL as basic auth, and never shows the password', async () => {
    const withAuth = new OllamaClient({ host: fake.url.replace('http://', 'http://alice:s3cret@') });
    expect(await withAuth.version()).toBe('0.33.0-rc2');
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    const out = await collect(withAuth.chatStream(request('nope')));
    expect(out.error).toBeInstanceOf(OllamaError);
    const down = new OllamaClient({ host: `http://alice:s3cret@127.0.0.1:${await closedPort()}` });
    const err = await down.version().catch((e: unknown) => e);
    expect((err as Error).message).toContain('http://alice:***@127.0.0.1');
    expect(JSON.stringify(err)).not.toContain('s3cret');
  });

  it('reports a model that is not installed with the pull command', async () => {
    const out = await collect(client.chatStream(request('nope:7b')));
    const err = expectAppError(out.error, OllamaError, 'model_not_found');
    expect(err.message).toBe("Model 'nope:7b' is not installed.");
    expect(err.hint).toMatchObject({ command: 'ollama pull nope:7b', action: 'pull_model' });
  });

  it('reports chat with an embedding-only model, or thinking on a plain model, as model_incapable', async () => {
    const embed = await collect(client.chatStream(request('nomic-embed-text')));
    expect(expectAppError(embed.error, OllamaError, 'model_incapable').message).toMatch(
      /nomic-embed-text.*does not support chat/,
    );
    const think = await collect(client.chatStream(request('llama3.2', { think: true })));
    expect(expectAppError(think.error, OllamaError, 'model_incapable').message).toMatch(/does not support thinking/);
  });

  it('reports a 500 before streaming as ollama_rejected with what Ollama said', async () => {
    const out = await collect(client.chatStream(request('http500')));
    const err = expectAppError(out.error, OllamaError, 'ollama_rejected');
    expect(err.message).toContain('llama runner process has terminated');
    expect(err.message).toContain(fake.url);
  });

  it('reports an error line mid-stream as ollama_stream_error, after the deltas so far', async () => {
    const out = await collect(client.chatStream(request('error-midstream')));
    expect(out.content).toBe('Here is a');
    expect(out.done).toHaveLength(0);
    expect(expectAppError(out.error, OllamaError, 'ollama_stream_error').message).toContain(
      'model runner has unexpectedly stopped',
    );
  });

  it('reports a dropped connection as ollama_dropped', async () => {
    const out = await collect(client.chatStream(request('drop-midstream')));
    expect(out.content).toBe('Here is a');
    expectAppError(out.error, NetworkError, 'ollama_dropped');
  });

  it('reports malformed JSON as ollama_bad_response without console noise', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const out = await collect(client.chatStream(request('badjson')));
    expect(out.content).toBe('Valid start');
    expectAppError(out.error, OllamaError, 'ollama_bad_response');
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('times out a server that never answers, and aborts the request', async () => {
    const started = Date.now();
    const out = await collect(client.chatStream(request('hang', { firstTokenTimeoutMs: 300 })));
    const err = expectAppError(out.error, NetworkError, 'ollama_timeout');
    expect(err.message).toContain(`Ollama at ${fake.url} accepted the request but sent nothing for 0.3 s`);
    expect(Date.now() - started).toBeLessThan(2_000);
    await waitFor(() => fake.generations.at(-1)?.endedBy);
    expect(fake.generations.at(-1)).toMatchObject({ model: 'hang:latest', endedBy: 'client-abort' });
  });

  it('times out a stream that goes silent after a few tokens', async () => {
    const out = await collect(client.chatStream(request('stall', { idleTimeoutMs: 300 })));
    expect(out.content).toBe('Thinking about');
    expect(expectAppError(out.error, NetworkError, 'ollama_timeout').message).toMatch(/sent nothing for 0\.3 s/);
    await waitFor(() => fake.generations.at(-1)?.endedBy);
    expect(fake.generations.at(-1)).toMatchObject({ model: 'stall:latest', endedBy: 'client-abort' });
  });
});

describe('OllamaClient.chatStream: aborting', () => {
  it('stops the generation at the server and throws an AbortError', async () => {
    const controller = new AbortController();
    const out = await collect(client.chatStream(request('slow', { signal: controller.signal })), (n) => {
      if (n === 3) controller.abort();
    });
    expect((out.error as Error).name).toBe('AbortError');
    expect(out.deltas).toBe(3);
    const record = fake.generations.at(-1);
    await waitFor(() => record?.endedBy);
    expect(record).toMatchObject({ model: 'slow:latest', endedBy: 'client-abort' });
    // Ended by the abort, before the answer's 30 chunks were all sent.
    expect(record?.chunksSent).toBeLessThan(30);
  });

  it('aborts only its own stream when several run on one client', async () => {
    const controller = new AbortController();
    const [aborted, other] = await Promise.all([
      collect(client.chatStream(request('slow', { signal: controller.signal })), (n) => {
        if (n === 2) controller.abort();
      }),
      collect(client.chatStream(request('slow'))),
    ]);
    expect((aborted.error as Error).name).toBe('AbortError');
    expect(other.error).toBeNull();
    expect(other.deltas).toBe(30);
  });

  it('throws an AbortError without a request when the signal is already aborted', async () => {
    const before = fake.requests.length;
    const out = await collect(client.chatStream(request('llama3.2', { signal: AbortSignal.abort() })));
    expect((out.error as Error).name).toBe('AbortError');
    expect(fake.requests.length).toBe(before);
  });

  it('releases the request when the consumer stops reading', async () => {
    for await (const part of client.chatStream(request('slow'))) {
      if (part.kind === 'delta') break;
    }
    await waitFor(() => fake.generations.at(-1)?.endedBy);
    expect(fake.generations.at(-1)).toMatchObject({ model: 'slow:latest', endedBy: 'client-abort' });
  });
});

describe('OllamaClient: models and version', () => {
  it('reads the version', async () => {
    expect(await client.version()).toBe('0.33.0-rc2');
  });

  it('maps /api/tags to model summaries', async () => {
    const models = await client.listModels();
    const llama = models.find((m) => m.name === 'llama3.2:latest');
    expect(llama).toEqual({
      name: 'llama3.2:latest',
      size: 2019393189,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      modifiedAt: '2026-08-05T00:37:44.706Z',
      family: 'llama',
      parameterSize: '3.2B',
      quantization: 'Q4_K_M',
      contextLength: 131072,
      capabilities: ['completion', 'tools'],
      canChat: true,
    });
    expect(models.find((m) => m.name === 'nomic-embed-text:latest')?.canChat).toBe(false);
    expect(models.find((m) => m.name === 'qwen3:8b')?.capabilities).toContain('thinking');
    expect(models.find((m) => m.name === 'llava:latest')?.capabilities).toContain('vision');
  });

  it('maps /api/show to model details, with size and digest from the tags list', async () => {
    const llava = await client.showModel('llava');
    expect(llava).toMatchObject({
      name: 'llava:latest',
      size: 4733363377,
      digest: '8dd30f6b0cb19f555f2c7a7ebda861449ea2cc76bf1f44e262931f45fc81d081',
      family: 'llama',
      contextLength: 32768,
      capabilities: ['completion', 'vision'],
      canChat: true,
      system: '',
    });
    expect(llava.parameters).toContain('stop');
    expect(llava.template).toContain('[INST]');
    expect(llava.license).toContain('Apache License');
    expect(llava.modelInfo['general.architecture']).toBe('llama');
    const qwen = await client.showModel('qwen3:8b');
    expect(qwen.contextLength).toBe(40960);
  });

  it('reports showModel of a missing model as model_not_found', async () => {
    const err = await client.showModel('missing').catch((e: unknown) => e);
    expect(expectAppError(err, OllamaError, 'model_not_found').hint.command).toBe('ollama pull missing');
  });
});

describe('OllamaClient against servers that misbehave', () => {
  let silent: Server;
  let odd: HttpServer;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never answers.
    silent = createNetServer((socket) => sockets.add(socket));
    // Not Ollama: plain-text 404s and a 503 for everything else.
    odd = createHttpServer((req, res) => {
      if (req.url === '/api/version') {
        res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end('{"error":"server busy, please try again.  maximum pending requests exceeded"}');
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found');
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => odd.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
    odd.closeAllConnections();
    await new Promise<void>((r) => odd.close(() => r()));
  });

  it('times out non-streaming calls after requestTimeoutMs', async () => {
    const port = (silent.address() as AddressInfo).port;
    const slowClient = new OllamaClient({ host: `http://127.0.0.1:${port}`, requestTimeoutMs: 200 });
    const started = Date.now();
    const err = await slowClient.listModels().catch((e: unknown) => e);
    expect(expectAppError(err, NetworkError, 'ollama_timeout').message).toContain('did not answer within 0.2 s');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports 503 as ollama_busy and a plain-text 404 as ollama_rejected, quietly', async () => {
    const log = vi.spyOn(console, 'log');
    const port = (odd.address() as AddressInfo).port;
    const oddClient = new OllamaClient({ host: `http://127.0.0.1:${port}` });
    expectAppError(await oddClient.version().catch((e: unknown) => e), OllamaError, 'ollama_busy');
    const out = await collect(oddClient.chatStream(request('llama3.2')));
    expect(expectAppError(out.error, OllamaError, 'ollama_rejected').message).toContain('404 page not found');
    expect(log).not.toHaveBeenCalled();
  });
});

describe('normalizeOllamaHost', () => {
  it.each([
    ['', 'http://127.0.0.1:11434'],
    ['1.2.3.4', 'http://1.2.3.4:11434'],
    [':56789', 'http://127.0.0.1:56789'],
    ['http://1.2.3.4', 'http://1.2.3.4:80'],
    ['https://example.com', 'https://example.com:443'],
    ['example.com/', 'http://example.com:11434'],
    ['http://user:pass@localhost', 'http://user:pass@localhost:80'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['myhost:8080', 'http://myhost:8080'],
  ])('normalizes %j to %s', (raw, expected) => {
    expect(normalizeOllamaHost(raw)).toBe(expected);
  });
});
