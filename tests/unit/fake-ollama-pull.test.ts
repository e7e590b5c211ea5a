import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROKEN_DOWNLOAD_ERROR,
  type FakeOllama,
  startFakeOllama,
  UNKNOWN_MODEL_ERROR,
} from '../fakes/fake-ollama/index';

type Json = Record<string, unknown>;

const fixtureLines = (): Json[] =>
  readFileSync(new URL('../fakes/fake-ollama/fixtures/pull-progress.ndjson', import.meta.url), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Json);

let fake: FakeOllama;

beforeAll(async () => {
  fake = await startFakeOllama({ pullDurationMs: 300 });
});
afterAll(async () => {
  await fake.close();
});

function pull(body: Json, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fake.url}/api/pull`, { method: 'POST', body: JSON.stringify(body), ...init });
}

async function lines(res: Response): Promise<Json[]> {
  const text = await res.text();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .slice(0, -1)
    .map((l) => JSON.parse(l) as Json);
}

async function tagNames(): Promise<string[]> {
  const { models } = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: Json[] };
  return models.map((m) => m.name as string);
}

describe('fake Ollama: /api/pull', () => {
  it('streams progress shaped like the fixture and installs the model', async () => {
    expect(await tagNames()).not.toContain('qwen3:0.6b');
    const started = Date.now();
    const res = await pull({ model: 'qwen3:0.6b' });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const out = await lines(res);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(out[0]).toEqual({ status: 'pulling manifest' });
    expect(out.slice(-3)).toEqual([
      { status: 'verifying sha256 digest' },
      { status: 'writing manifest' },
      { status: 'success' },
    ]);
    const layerLines = out.filter((l) => typeof l.digest === 'string');
    const digests = [...new Set(layerLines.map((l) => l.digest as string))];
    expect(digests.length).toBeGreaterThanOrEqual(3);
    for (const digest of digests) {
      const ofLayer = layerLines.filter((l) => l.digest === digest);
      const first = ofLayer[0] as Json;
      expect(first.status).toBe(`pulling ${digest.slice(7, 19)}`);
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect('completed' in first).toBe(false);
      expect(ofLayer.at(-1)?.completed).toBe(first.total);
      // Same keys in the same order as Ollama's ProgressResponse.
      expect(Object.keys(ofLayer.at(-1) as Json)).toEqual(Object.keys(fixtureLines()[2] as Json));
    }
    const bigLines = layerLines.filter((l) => l.digest === digests[0]);
    expect(bigLines.length).toBeGreaterThan(4);
    const models = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: Json[] };
    const installed = models.models.find((m) => m.name === 'qwen3:0.6b');
    expect(installed).toMatchObject({ model: 'qwen3:0.6b', details: { family: 'qwen3', format: 'gguf' } });
    expect(installed?.capabilities).toContain('thinking');
    const show = await fetch(`${fake.url}/api/show`, { method: 'POST', body: JSON.stringify({ model: 'qwen3:0.6b' }) });
    expect(show.status).toBe(200);
  });

  it('re-pulls an installed model with every layer at once, exactly the fixture layers for llama3.2', async () => {
    const out = await lines(await pull({ name: 'llama3.2' }));
    const fixtureLayerLines = fixtureLines().filter((l) => l.completed !== undefined);
    const layerLines = out.filter((l) => l.digest !== undefined);
    expect(layerLines).toEqual(
      fixtureLayerLines
        .filter((l, i, all) => all.findIndex((o) => o.digest === l.digest) === i)
        .map((l) => ({
          ...l,
          completed: l.total,
        })),
    );
    expect(out.at(-1)).toEqual({ status: 'success' });
  });

  it('fails an unknown name after pulling manifest, with Ollama’s error line', async () => {
    const out = await lines(await pull({ model: 'no-such-model:7b' }));
    expect(out).toEqual([{ status: 'pulling manifest' }, { error: UNKNOWN_MODEL_ERROR }]);
  });

  it('pulls registry names with a host and namespace', async () => {
    const out = await lines(await pull({ model: 'hf.co/org/repo:Q4_K_M' }));
    expect(out.at(-1)).toEqual({ status: 'success' });
    expect(await tagNames()).toContain('hf.co/org/repo:Q4_K_M');
  });

  it('breaks off broken-pull part-way with an error line', async () => {
    const out = await lines(await pull({ model: 'broken-pull' }));
    expect(out.at(-1)).toEqual({ error: BROKEN_DOWNLOAD_ERROR });
    expect(out.some((l) => typeof l.completed === 'number')).toBe(true);
    expect(await tagNames()).not.toContain('broken-pull:latest');
  });

  it('honours stream:false with one object, and 500 for a failure', async () => {
    const ok = await pull({ model: 'tinyllama', stream: false });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'success' });
    const bad = await pull({ model: 'nope', stream: false });
    expect(bad.status).toBe(500);
    expect(await bad.json()).toEqual({ error: UNKNOWN_MODEL_ERROR });
    const invalid = await pull({ model: '-x' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: 'invalid model name' });
  });

  it('stops downloading when the client disconnects', async () => {
    fake.setPullDurationMs(5_000);
    try {
      const controller = new AbortController();
      const res = await pull({ model: 'gemma3:1b' }, { signal: controller.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      controller.abort();
      const record = fake.pulls.find((p) => p.model === 'gemma3:1b');
      await expect.poll(() => record?.endedBy).toBe('client-abort');
      expect(await tagNames()).not.toContain('gemma3:1b');
    } finally {
      fake.setPullDurationMs(300);
    }
  });

  it('installs a newer registry version on the next pull', async () => {
    const digest = 'e'.repeat(64);
    fake.setRegistryDigest('llava', digest);
    const before = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: Json[] };
    expect(before.models.find((m) => m.name === 'llava:latest')?.digest).not.toBe(digest);
    const out = await lines(await pull({ model: 'llava' }));
    const big = out.filter((l) => l.digest !== undefined && l.completed === undefined);
    expect(big).toHaveLength(1);
    expect(out.map((l) => l.status)).toContain('removing unused layers');
    const after = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: Json[] };
    expect(after.models.find((m) => m.name === 'llava:latest')?.digest).toBe(digest);
  });
});

describe('fake Ollama: /api/delete and /api/ps', () => {
  it('deletes with an empty 200, then 404 with Ollama’s text', async () => {
    await lines(await pull({ model: 'tinyllama' }));
    const del = await fetch(`${fake.url}/api/delete`, {
      method: 'DELETE',
      body: JSON.stringify({ name: 'tinyllama' }),
    });
    expect(del.status).toBe(200);
    expect(await del.text()).toBe('');
    expect(await tagNames()).not.toContain('tinyllama:latest');
    const again = await fetch(`${fake.url}/api/delete`, {
      method: 'DELETE',
      body: JSON.stringify({ model: 'tinyllama' }),
    });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: "model 'tinyllama' not found" });
  });

  it('keeps a model loaded for ever with keep_alive -1, and the unload form removes it', async () => {
    const load = await fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2', keep_alive: -1 }),
    });
    expect(((await load.json()) as Json).done_reason).toBe('load');
    const ps = (await (await fetch(`${fake.url}/api/ps`)).json()) as { models: Json[] };
    const entry = ps.models.find((m) => m.name === 'llama3.2:latest');
    expect(Date.parse(entry?.expires_at as string) - Date.now()).toBeGreaterThan(100 * 365 * 24 * 3600 * 1000);
    await fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2', messages: [], keep_alive: 0 }),
    });
    const after = (await (await fetch(`${fake.url}/api/ps`)).json()) as { models: Json[] };
    expect(after.models.map((m) => m.name)).not.toContain('llama3.2:latest');
  });
});
