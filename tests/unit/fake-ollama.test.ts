import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPLIT_UTF8_TEXT } from '../fakes/fake-ollama/answers';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama/index';
import { waitFor } from '../support/wait-for';

const fixture = (file: string): string =>
  readFileSync(new URL(`../fakes/fake-ollama/fixtures/${file}`, import.meta.url), 'utf8');
const fixtureLines = (file: string): Array<Record<string, unknown>> =>
  fixture(file)
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

type Json = Record<string, unknown>;

let fake: FakeOllama;

beforeAll(async () => {
  fake = await startFakeOllama({ tokenDelayMs: 10, hugeTokens: 600 });
});
afterAll(async () => {
  await fake.close();
});

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

function chat(model: string, extra: Json = {}, content = 'hello there'): Promise<Response> {
  return post('/api/chat', { model, messages: [{ role: 'user', content }], ...extra });
}

async function ndjson(res: Response): Promise<{ raw: string; lines: Json[] }> {
  const raw = await res.text();
  const lines = raw
    .split('\n')
    .slice(0, -1)
    .map((l) => JSON.parse(l) as Json);
  return { raw, lines };
}

const contentOf = (lines: Json[]): string =>
  lines.map((l) => (l.message as { content?: string } | undefined)?.content ?? '').join('');

describe('fake Ollama: plain endpoints', () => {
  it('answers the liveness probe with plain text, for GET and HEAD', async () => {
    const res = await fetch(`${fake.url}/`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('Ollama is running');
    const head = await fetch(`${fake.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('reports the version as JSON with a charset', async () => {
    const res = await fetch(`${fake.url}/api/version`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe(fixture('version.json').trim());
  });

  it('lists the fixture models verbatim plus the scenario models, newest first', async () => {
    const res = await fetch(`${fake.url}/api/tags`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { models } = (await res.json()) as { models: Json[] };
    const byName = new Map(models.map((m) => [m.name as string, m]));
    for (const expected of (JSON.parse(fixture('tags.json')) as { models: Json[] }).models) {
      expect(byName.get(expected.name as string)).toEqual(expected);
    }
    for (const name of [
      'llama3.2:latest',
      'qwen3:8b',
      'llava:latest',
      'nomic-embed-text:latest',
      'slow:latest',
      'split-utf8:latest',
      'error-midstream:latest',
      'drop-midstream:latest',
      'http500:latest',
      'hang:latest',
      'stall:latest',
      'badjson:latest',
      'huge:latest',
      'loading:latest',
    ]) {
      const m = byName.get(name);
      expect(m, name).toBeDefined();
      expect(m?.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(m ?? {})).toEqual([
        'name',
        'model',
        'modified_at',
        'size',
        'digest',
        'details',
        'capabilities',
      ]);
      expect(((m?.details ?? {}) as Json).context_length).toBeGreaterThan(0);
    }
    const times = models.map((m) => Date.parse(m.modified_at as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('shows fixture data, and every model has capabilities and <arch>.context_length', async () => {
    const res = await post('/api/show', { model: 'llama3.2' });
    expect(await res.json()).toEqual(JSON.parse(fixture('show-llama3.2.json')));
    for (const name of ['qwen3:8b', 'nomic-embed-text', 'slow', 'llava']) {
      const show = (await (await post('/api/show', { model: name })).json()) as Json;
      const info = show.model_info as Json;
      expect(info[`${info['general.architecture'] as string}.context_length`], name).toBeGreaterThan(0);
      expect(Array.isArray(show.capabilities)).toBe(true);
      expect(typeof show.parameters).toBe('string');
    }
  });

  it('answers a missing model in /api/show with 404 and the normalized name', async () => {
    const res = await post('/api/show', { model: 'missing' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe('{"error":"model \'missing:latest\' not found"}');
  });

  it('answers unknown routes with gin plain text', async () => {
    const res = await fetch(`${fake.url}/api/nothing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('404 page not found');
  });
});

describe('fake Ollama: /api/chat wire format', () => {
  it('streams NDJSON by default, one object per line, final chunk in Go field order', async () => {
    const res = await chat('llama3.2', {}, 'is the sky blue?');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const { raw, lines } = await ndjson(res);
    expect(raw.endsWith('}\n')).toBe(true);
    expect(raw).not.toContain('\n\n');
    const final = lines.at(-1) ?? {};
    const fixtureFinal = fixtureLines('chat-stream.ndjson').at(-1) ?? {};
    expect(Object.keys(final)).toEqual(Object.keys(fixtureFinal));
    for (const chunk of lines.slice(0, -1)) {
      expect(Object.keys(chunk)).toEqual(['model', 'created_at', 'message', 'done']);
      expect(chunk.model).toBe('llama3.2');
      expect(chunk.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(Object.keys(chunk.message as Json)).toEqual(['role', 'content']);
    }
    expect(final.done).toBe(true);
    expect(final.done_reason).toBe('stop');
    expect(final.eval_count).toBe(lines.length - 1);
    for (const key of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) {
      expect(Number.isInteger(final[key]), key).toBe(true);
    }
    expect(contentOf(lines)).toMatch(/^Echo: is the sky blue\?\n\n/);
  });

  it('omits zero metrics: the load form has none at all and answers with one JSON object', async () => {
    const res = await post('/api/chat', { model: 'llama3.2' });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as Json;
    expect(Object.keys(body)).toEqual(['model', 'created_at', 'message', 'done', 'done_reason']);
    expect(body.done_reason).toBe('load');
    const unload = (await (await post('/api/chat', { model: 'llama3.2', messages: [], keep_alive: 0 })).json()) as Json;
    expect(unload.done_reason).toBe('unload');
  });

  it('honours stream:false with one object holding the whole answer', async () => {
    const res = await chat('llama3.2', { stream: false }, 'one shot');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as Json;
    expect((body.message as Json).content).toMatch(/^Echo: one shot/);
    expect(body.done).toBe(true);
    expect(body.eval_count).toBeGreaterThan(1);
  });

  it('streams thinking first with empty content, on by default and off with think:false', async () => {
    const { lines } = await ndjson(await chat('qwen3:8b'));
    const thinkingLines = lines.filter((l) => (l.message as Json).thinking !== undefined);
    expect(thinkingLines.length).toBeGreaterThan(2);
    expect(thinkingLines.every((l) => (l.message as Json).content === '')).toBe(true);
    expect(lines.indexOf(thinkingLines.at(-1) ?? {})).toBeLessThan(lines.findIndex((l) => contentOf([l]) !== ''));
    const off = await ndjson(await chat('qwen3:8b', { think: false }));
    expect(off.lines.some((l) => (l.message as Json).thinking !== undefined)).toBe(false);
  });

  it('counts the images a vision model receives, and does not reject images for other models', async () => {
    const image = Buffer.from('not really a png').toString('base64');
    const vision = await post('/api/chat', {
      model: 'llava',
      stream: false,
      messages: [{ role: 'user', content: 'what is this?', images: [image] }],
    });
    expect(((await vision.json()) as { message: { content: string } }).message.content).toMatch(/^I see 1 image\./);
    const text = await post('/api/chat', {
      model: 'llama3.2',
      stream: false,
      messages: [{ role: 'user', content: 'x', images: [image] }],
    });
    expect(text.status).toBe(200);
  });

  it('answers the documented error statuses with {"error"} JSON', async () => {
    const cases: Array<[Response, number, string]> = [
      [await chat('nope'), 404, fixture('error-404-model-not-found.json').trim().replace('llama3.2', 'nope')],
      [await chat('nomic-embed-text'), 400, '{"error":"\\"nomic-embed-text\\" does not support chat"}'],
      [await chat('llama3.2', { think: true }), 400, '{"error":"\\"llama3.2\\" does not support thinking"}'],
      [await post('/api/chat', '{"model":'), 400, '{"error":"unexpected EOF"}'],
      [await post('/api/chat', 'garbage'), 400, '{"error":"invalid character \'g\' looking for beginning of value"}'],
      [await post('/api/chat', ''), 400, '{"error":"missing request body"}'],
      [await chat('llama3.2', { keep_alive: '3600' }), 400, '{"error":"time: missing unit in duration \\"3600\\""}'],
    ];
    for (const [res, status, body] of cases) {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.text()).toBe(body);
    }
    const crash = await chat('http500');
    expect(crash.status).toBe(500);
    expect(((await crash.json()) as Json).error).toMatch(/runner/);
  });

  it('breaks off error-midstream with a 200, an {"error"} line and no done chunk', async () => {
    const res = await chat('error-midstream');
    expect(res.status).toBe(200);
    const { lines } = await ndjson(res);
    expect(lines.at(-1)).toEqual(fixtureLines('chat-error-midstream.ndjson').at(-1));
    expect(lines.some((l) => l.done === true)).toBe(false);
  });

  it('sends split-utf8 in many small writes that cut characters and lines apart', async () => {
    const res = await chat('split-utf8');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBeGreaterThan(10);
    const strict = new TextDecoder('utf-8', { fatal: true });
    const cutsACharacter = chunks.some((c) => {
      try {
        strict.decode(c);
        return false;
      } catch {
        return true;
      }
    });
    expect(cutsACharacter).toBe(true);
    expect(chunks.some((c) => c.at(-1) !== 0x0a)).toBe(true);
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(contentOf(lines)).toBe(SPLIT_UTF8_TEXT);
    expect(lines.at(-1)?.done).toBe(true);
  });

  it('streams huge markdown with the requested token count', async () => {
    const { lines } = await ndjson(await chat('huge'));
    expect(lines).toHaveLength(601);
    expect(lines.at(-1)?.eval_count).toBe(600);
    const text = contentOf(lines);
    expect(text).toContain('```ts');
    expect(text).toContain('|---|');
    expect(text).toContain('$E = mc^2$');
  });

  it('stops generating when the client disconnects, and records it', async () => {
    const res = await chat('slow', {}, 'count');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    const record = fake.generations.at(-1);
    await waitFor(() => record?.endedBy);
    expect(record?.endedBy).toBe('client-abort');
    // Ended by the disconnect, before the answer's 30 chunks were all sent.
    expect(record?.chunksSent).toBeLessThan(30);
  });

  it('keeps hang requests open without headers until the client gives up', async () => {
    const started = Date.now();
    const attempt = fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'hang', messages: [{ role: 'user', content: 'x' }] }),
      signal: AbortSignal.timeout(200),
    });
    await expect(attempt).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await waitFor(() => fake.generations.at(-1)?.endedBy);
    const record = fake.generations.at(-1);
    expect(record?.model).toBe('hang:latest');
    expect(record?.endedBy).toBe('client-abort');
  });
});

describe('fake Ollama: state and control', () => {
  it('lists models loaded by earlier chats in /api/ps', async () => {
    await chat('llava', { stream: false, options: { num_ctx: 8192 } });
    const { models } = (await (await fetch(`${fake.url}/api/ps`)).json()) as { models: Json[] };
    const llava = models.find((m) => m.name === 'llava:latest');
    expect(llava?.context_length).toBe(8192);
    expect(Object.keys(llava ?? {})).toEqual(Object.keys(JSON.parse(fixture('ps.json')).models[0] as Json));
  });

  it('simulates a model update with setModelDigest', async () => {
    const digest = 'f'.repeat(64);
    fake.setModelDigest('llama3.2', digest);
    const { models } = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: Json[] };
    expect(models[0]?.name).toBe('llama3.2:latest');
    expect(models[0]?.digest).toBe(digest);
  });

  it('exposes and clears the recorded requests over HTTP', async () => {
    await chat('llama3.2', { stream: false }, 'recorded');
    const recorded = (await (await fetch(`${fake.url}/__fake/requests`)).json()) as Array<{ path: string; body: Json }>;
    expect(recorded.at(-1)?.path).toBe('/api/chat');
    expect(recorded.at(-1)?.body.messages).toEqual([{ role: 'user', content: 'recorded' }]);
    await fetch(`${fake.url}/__fake/requests`, { method: 'DELETE' });
    expect(await (await fetch(`${fake.url}/__fake/requests`)).json()).toEqual([]);
  });

  it('closes promptly even with a stalled stream open', async () => {
    const other = await startFakeOllama();
    const res = await fetch(`${other.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'stall', messages: [{ role: 'user', content: 'x' }] }),
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(500);
    await expect(reader.read()).rejects.toThrow();
    expect(other.generations[0]?.endedBy).toBe('server-close');
  });
});
