import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, OllamaError } from '../../src/backend/errors';
import { OllamaClient, type PullProgress } from '../../src/backend/ollama-client';
import { expiryOf } from '../../src/backend/ollama-client/map-running';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama/index';

let fake: FakeOllama;
let client: OllamaClient;

beforeAll(async () => {
  fake = await startFakeOllama({ pullDurationMs: 300 });
  client = new OllamaClient({ host: fake.url });
});
afterAll(async () => {
  await fake.close();
});

async function collect(stream: AsyncGenerator<PullProgress>): Promise<{ lines: PullProgress[]; error: unknown }> {
  const lines: PullProgress[] = [];
  try {
    for await (const p of stream) lines.push(p);
    return { lines, error: null };
  } catch (error) {
    return { lines, error };
  }
}

/** A one-route server answering /api/pull with the given NDJSON text, to test what the fake never sends. */
async function pullServer(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('OllamaClient.pull', () => {
  it('yields every progress line up to success, with the layer fields Ollama sent', async () => {
    const { lines, error } = await collect(client.pull('qwen3:0.6b', new AbortController().signal));
    expect(error).toBeNull();
    expect(lines[0]).toEqual({ status: 'pulling manifest' });
    expect(lines.at(-1)).toEqual({ status: 'success' });
    const first = lines.find((l) => l.digest);
    expect(first).toMatchObject({ digest: expect.stringMatching(/^sha256:/), total: expect.any(Number) });
    expect(first?.completed).toBeUndefined();
    expect((await client.listModels()).map((m) => m.name)).toContain('qwen3:0.6b');
  });

  it('names an unknown model and says where to check it', async () => {
    const { error } = await collect(client.pull('qwen3:999b', new AbortController().signal));
    expect(error).toBeInstanceOf(OllamaError);
    expect((error as OllamaError).code).toBe('model_not_found');
    expect((error as OllamaError).message).toContain("'qwen3:999b'");
    expect((error as OllamaError).hint.text).toContain('ollama.com/library');
  });

  it('reports a download that breaks off as a stream error with Ollama’s reason', async () => {
    const { lines, error } = await collect(client.pull('broken-pull', new AbortController().signal));
    expect(lines.length).toBeGreaterThan(1);
    expect((error as OllamaError).code).toBe('ollama_stream_error');
    expect((error as OllamaError).message).toContain('max retries exceeded');
  });

  it('aborts the HTTP request when the signal fires', async () => {
    fake.setPullDurationMs(5_000);
    try {
      const controller = new AbortController();
      const stream = client.pull('gemma3:1b', controller.signal);
      const seen: PullProgress[] = [];
      let error: unknown = null;
      try {
        for await (const p of stream) {
          seen.push(p);
          if (seen.length === 3) controller.abort();
        }
      } catch (err) {
        error = err;
      }
      expect((error as Error).name).toBe('AbortError');
      const record = fake.pulls.find((p) => p.model === 'gemma3:1b');
      await expect.poll(() => record?.endedBy).toBe('client-abort');
    } finally {
      fake.setPullDurationMs(300);
    }
  });

  it('treats a stream that ends without success as dropped', async () => {
    const { url, server } = await pullServer('{"status":"pulling manifest"}\n');
    try {
      const { error } = await collect(new OllamaClient({ host: url }).pull('x', new AbortController().signal));
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).code).toBe('ollama_dropped');
    } finally {
      server.close();
    }
  });

  it('classifies a registry that cannot be reached', async () => {
    const line =
      '{"error":"pull model manifest: Get \\"https://registry.ollama.ai/v2/library/x/manifests/latest\\": dial tcp: lookup registry.ollama.ai: no such host"}\n';
    const { url, server } = await pullServer(`{"status":"pulling manifest"}\n${line}`);
    try {
      const { error } = await collect(new OllamaClient({ host: url }).pull('x', new AbortController().signal));
      expect((error as OllamaError).code).toBe('ollama_rejected');
      expect((error as OllamaError).message).toMatch(/could not reach the registry/);
    } finally {
      server.close();
    }
  });

  it('is NetworkError(ollama_unreachable) when Ollama is down', async () => {
    const down = new OllamaClient({ host: 'http://127.0.0.1:1' });
    const { error } = await collect(down.pull('x', new AbortController().signal));
    expect((error as NetworkError).code).toBe('ollama_unreachable');
  });
});

describe('OllamaClient: delete, running models, load and unload', () => {
  it('deletes a model, and says model_not_found for one that is not installed', async () => {
    await collect(client.pull('tinyllama', new AbortController().signal));
    await client.deleteModel('tinyllama');
    expect((await client.listModels()).map((m) => m.name)).not.toContain('tinyllama:latest');
    await expect(client.deleteModel('tinyllama')).rejects.toMatchObject({ code: 'model_not_found' });
  });

  it('loads, lists and unloads a model', async () => {
    await client.loadModel('llava', '10m');
    const running = await client.listRunning();
    const llava = running.find((m) => m.name === 'llava:latest');
    expect(llava).toMatchObject({
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      contextLength: 4096,
      parameterSize: '7B',
      quantization: 'Q4_0',
    });
    expect(llava?.sizeVram).toBeLessThan(llava?.size ?? 0);
    const inMs = Date.parse(llava?.expiresAt ?? '') - Date.now();
    expect(inMs).toBeGreaterThan(9 * 60_000);
    expect(inMs).toBeLessThanOrEqual(10 * 60_000);
    await client.unloadModel('llava');
    expect((await client.listRunning()).map((m) => m.name)).not.toContain('llava:latest');
  });

  it('shows a model kept for ever with expiresAt null', async () => {
    await client.loadModel('llama3.2', -1);
    const entry = (await client.listRunning()).find((m) => m.name === 'llama3.2:latest');
    expect(entry?.expiresAt).toBeNull();
    await client.unloadModel('llama3.2');
  });

  it('refuses to load a model that is not installed', async () => {
    await expect(client.loadModel('not-installed')).rejects.toMatchObject({ code: 'model_not_found' });
    await expect(client.unloadModel('not-installed')).rejects.toMatchObject({ code: 'model_not_found' });
  });

  it('maps the zero time and far-future times to no expiry', () => {
    const now = Date.parse('2026-08-21T17:00:00Z');
    expect(expiryOf('0001-01-01T00:00:00Z', now)).toBeNull();
    expect(expiryOf('2318-06-01T10:00:00.123456789-07:00', now)).toBeNull();
    expect(expiryOf('2026-08-21T10:09:11.237104-07:00', now)).toBe('2026-08-21T17:09:11.237Z');
    expect(expiryOf(undefined, now)).toBeNull();
  });
});
