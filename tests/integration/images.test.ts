/**
 * Image generation end to end against the real server: the fake Ollama's image models (an old
 * version streams steps and a PNG, a new one refuses) and the fake OpenAI-compatible image server
 * (success, 401, 500, malformed, refusal, slow without progress). Nothing is mocked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageBackendsInfoSchema, ImageMetricsSummarySchema, MessageSchema } from '../../src/backend/schemas';
import { BackendService } from '../../src/backend/service';
import type { Message, MessagesResponse, ModelList } from '../../src/shared/api';
import type { ImageBackendsInfo, ImageMetricsSummary } from '../../src/shared/image-api';
import { loadConfig } from '../../src/utils/config';
import { createLogger } from '../../src/utils/logger';
import {
  type FakeImageServer,
  IMAGE_SERVER_MODELS as M,
  REFUSAL_TEXT,
  startFakeImageServer,
} from '../fakes/fake-image-server';
import { startFakeOllama } from '../fakes/fake-ollama';
import { type Harness, readEvents, type SseEvent, startHarness, waitFor } from './harness';

const OLD_OLLAMA = '0.20.1';
const IMAGE = 'x/flux-image:latest';
const SLOW_IMAGE = 'x/flux-image-slow:latest';
const KEY = 'sk-local-test-0123456789abcdef';
const PNG_MAGIC = '89504e470d0a1a0a';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(
  opts: { version?: string; server?: FakeImageServer; slowStepMs?: number } = {},
): Promise<Harness> {
  const env: Record<string, string> = opts.server
    ? { IMAGE_SERVER_URL: `${opts.server.url}/v1/`, IMAGE_SERVER_API_KEY: KEY }
    : {};
  const h = await startHarness(env, {
    ...(opts.version ? { version: opts.version } : {}),
    imageStepDelayMs: 5,
    slowImageStepDelayMs: opts.slowStepMs ?? 300,
  });
  cleanups.push(() => h.close());
  return h;
}

async function imageServer(opts: Parameters<typeof startFakeImageServer>[0] = {}): Promise<FakeImageServer> {
  const s = await startFakeImageServer({ apiKey: KEY, ...opts });
  cleanups.push(() => s.close());
  return s;
}

async function sendImage(h: Harness, model: string, prompt: string, image: Record<string, unknown> = {}) {
  const chat = await h.createChat(model);
  const sent = await h.send(chat.id, prompt, { image });
  return { chat, sent };
}

const finalOf = (events: SseEvent[]) => events.at(-1) as SseEvent;

async function blobBytes(h: Harness, sha256: string): Promise<Buffer> {
  const res = await h.api(`/api/blobs/${sha256}`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('image models on Ollama', () => {
  it('classifies image models by capability, not as embedding models', async () => {
    const h = await harness();
    const { models } = await h.json<ModelList>('/api/models');
    const flux = models.find((m) => m.name === IMAGE);
    expect(flux?.capabilities).toEqual(['image']);
    expect(flux?.canChat).toBe(false);
    expect(flux?.backend).toBeUndefined();
    // An image model is accepted for sending (no "embedding model" refusal up front).
    const chat = await h.createChat(IMAGE);
    const res = await h.api(`/api/chats/${chat.id}/messages`, { method: 'POST', json: { content: 'a fox' } });
    expect(res.status).toBe(202);
    const embed = await h.createChat('all-minilm');
    const refused = await h.api(`/api/chats/${embed.id}/messages`, { method: 'POST', json: { content: 'hi' } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toMatch(/embedding model/);
  });

  it('an old Ollama streams step progress and its PNGs become attachments with the generation record', async () => {
    const h = await harness({ version: OLD_OLLAMA });
    const { sent } = await sendImage(h, IMAGE, 'A red fox in the snow', {
      size: '512x768',
      steps: 6,
      seed: 42,
      count: 2,
    });
    const events = await h.events(sent.generationId);
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.some((p) => p.total === 6 && p.completed >= 1)).toBe(true);
    expect(progress.some((p) => p.image === 2 && p.count === 2)).toBe(true);
    const done = finalOf(events);
    expect(done.event).toBe('done');
    const message = done.data.message as Message;
    expect(message.status).toBe('complete');
    expect(message.attachments).toHaveLength(2);
    expect(message.attachments.map((a) => a.name)).toEqual([
      'a-red-fox-in-the-snow-42-1.png',
      'a-red-fox-in-the-snow-43-2.png',
    ]);
    expect(message.attachments[0]?.sha256).not.toBe(message.attachments[1]?.sha256);
    const record = message.imageGeneration;
    expect(record).toMatchObject({
      backend: 'ollama',
      model: IMAGE,
      seed: 42,
      prompt: 'A red fox in the snow',
      images: 2,
      parameters: { size: '512x768', steps: 6, count: 2, seed: 42 },
    });
    expect(record?.durationMs).toBeGreaterThanOrEqual(0);
    expect(record?.stepsPerSecond).toBeGreaterThan(0);
    const bytes = await blobBytes(h, message.attachments[0]?.sha256 ?? '');
    expect(bytes.subarray(0, 8).toString('hex')).toBe(PNG_MAGIC);

    const gen = h.fake.requests.filter((r) => r.path === '/api/generate').map((r) => r.body as Record<string, unknown>);
    expect(gen).toHaveLength(2);
    expect(gen[0]).toMatchObject({
      model: IMAGE,
      prompt: 'A red fox in the snow',
      width: 512,
      height: 768,
      steps: 6,
      stream: true,
    });
    expect(gen[0]?.options).toEqual({ seed: 42 });
    expect(gen[1]?.options).toEqual({ seed: 43 });

    // Stored: read back with the branch, and counted in the model's image metrics.
    const branch = await h.json<MessagesResponse>(`/api/chats/${message.chatId}/messages`);
    expect(branch.messages[1]?.imageGeneration?.seed).toBe(42);
    const metrics = await h.json<ImageMetricsSummary>(`/api/images/metrics/${encodeURIComponent(IMAGE)}`);
    expect(ImageMetricsSummarySchema.parse(metrics)).toMatchObject({ answers: 1, images: 2 });
    expect(MessageSchema.parse(message).imageGeneration?.seed).toBe(42);
    expect(metrics.secondsPerImageMedian).not.toBeNull();
    expect(metrics.stepsPerSecondMedian).not.toBeNull();
  });

  it('a new Ollama refuses image models: the answer says which versions can and what else to do', async () => {
    const h = await harness(); // the fixture's 0.33.0-rc2
    const { sent } = await sendImage(h, IMAGE, 'a lighthouse');
    const final = finalOf(await h.events(sent.generationId));
    expect(final.event).toBe('error');
    expect(final.data.code).toBe('image_generation_unsupported');
    expect(final.data.message).toContain('Ollama 0.33.0-rc2');
    expect(final.data.message).toContain('0.14.3 to 0.32.x');
    expect(final.data.hint.text).toContain('IMAGE_SERVER_URL');
    expect(final.data.hint.action).toBe('switch_model');
    const stored = await h.json<Message>(`/api/messages/${sent.generationId}`);
    expect(stored.status).toBe('error');
    expect(stored.error?.code).toBe('image_generation_unsupported');
  });

  it('regenerate makes a sibling with the same size and steps and another seed', async () => {
    const h = await harness({ version: OLD_OLLAMA });
    const { sent } = await sendImage(h, IMAGE, 'a tiny robot', { size: '512x512', steps: 3, seed: 7 });
    await h.events(sent.generationId);
    const again = await h.json<{ generationId: string; assistantMessage: Message }>(
      `/api/messages/${sent.generationId}/regenerate`,
      { method: 'POST', json: {} },
    );
    const done = finalOf(await h.events(again.generationId));
    const sibling = done.data.message as Message;
    expect(sibling.siblingIds).toEqual([sent.generationId, again.generationId]);
    expect(sibling.imageGeneration?.parameters).toMatchObject({ size: '512x512', steps: 3, count: 1 });
    expect(sibling.imageGeneration?.seed).not.toBe(7);
  });

  it('a follow-up question to a vision model sends the generated image along', async () => {
    const h = await harness({ version: OLD_OLLAMA });
    const { chat, sent } = await sendImage(h, IMAGE, 'a blue cube');
    const made = finalOf(await h.events(sent.generationId)).data.message as Message;
    const ask = await h.send(chat.id, 'What is in this picture?', { model: 'llava' });
    const answer = finalOf(await h.events(ask.generationId));
    expect(answer.data.message.content).toContain('I see 1 image');
    const request = h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
      messages: { role: string; images?: string[] }[];
    };
    const assistantTurn = request.messages.find((m) => m.role === 'assistant');
    const sentImage = Buffer.from(assistantTurn?.images?.[0] ?? '', 'base64');
    expect(sentImage.equals(await blobBytes(h, made.attachments[0]?.sha256 ?? ''))).toBe(true);
  });

  it('a reload mid-generation gets the steps so far in the snapshot; cancel aborts the Ollama request', async () => {
    const h = await harness({ version: OLD_OLLAMA, slowStepMs: 250 });
    const { sent } = await sendImage(h, SLOW_IMAGE, 'slow painting', { steps: 20 });
    await h.events(sent.generationId, {
      until: (ev) => ev.some((e) => e.event === 'progress' && e.data.completed >= 2),
    });
    // A second subscriber (the reloaded tab) starts from the snapshot.
    const again = await readEvents(`${h.url}/api/generations/${sent.generationId}/events`, {
      until: (ev) => ev.length >= 1,
    });
    expect(again[0]?.event).toBe('snapshot');
    expect(again[0]?.data.status).toBe('streaming');
    expect(again[0]?.data.imageProgress.completed).toBeGreaterThanOrEqual(2);
    expect(again[0]?.data.imageProgress.total).toBe(20);

    const ending = h.events(sent.generationId);
    await h.json(`/api/generations/${sent.generationId}/cancel`, { method: 'POST' });
    expect(finalOf(await ending).event).toBe('cancelled');
    await waitFor(() => h.fake.generations.find((g) => g.model === SLOW_IMAGE)?.endedBy === 'client-abort');
    expect((await h.json<Message>(`/api/messages/${sent.generationId}`)).status).toBe('cancelled');
  });

  it('keeps the per-chat order: a second image prompt waits for the first', async () => {
    const h = await harness({ version: OLD_OLLAMA, slowStepMs: 100 });
    const chat = await h.createChat(SLOW_IMAGE);
    const first = await h.send(chat.id, 'first', { image: { steps: 4 } });
    const second = await h.send(chat.id, 'second', { image: { steps: 2 } });
    const queued = await h.events(second.generationId, { until: (ev) => ev.length >= 1 });
    expect(queued[0]?.data.status).toBe('queued');
    const [a, b] = await Promise.all([h.events(first.generationId), h.events(second.generationId)]);
    expect(finalOf(a).event).toBe('done');
    expect(finalOf(b).event).toBe('done');
    const prompts = h.fake.requests
      .filter((r) => r.path === '/api/generate')
      .map((r) => (r.body as { prompt: string }).prompt);
    expect(prompts).toEqual(['first', 'second']);
  });

  it('survives export and import with its images and record', async () => {
    const h = await harness({ version: OLD_OLLAMA });
    const { chat, sent } = await sendImage(h, IMAGE, 'a paper boat', { seed: 5 });
    const made = finalOf(await h.events(sent.generationId)).data.message as Message;
    const exported = await (await h.api(`/api/chats/${chat.id}/export?format=json`)).text();
    expect(JSON.parse(exported).chats[0].messages[1].imageGeneration.seed).toBe(5);

    const other = await harness();
    const res = await other.api('/api/import?name=export.json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: exported,
    });
    expect(res.status).toBe(200);
    const importedId = (await res.json()).imported[0].chatId as string;
    const branch = await other.json<MessagesResponse>(`/api/chats/${importedId}/messages`);
    const answer = branch.messages[1] as Message;
    expect(answer.imageGeneration).toEqual(made.imageGeneration);
    expect(answer.attachments.map((a) => [a.name, a.sha256])).toEqual(made.attachments.map((a) => [a.name, a.sha256]));
    const bytes = await blobBytes(other, answer.attachments[0]?.sha256 ?? '');
    expect(bytes.equals(await blobBytes(h, made.attachments[0]?.sha256 ?? ''))).toBe(true);
  });
});

describe('an OpenAI-compatible image server', () => {
  it('lists its models with the image capability and answers with images, sending the key as a Bearer token', async () => {
    const server = await imageServer();
    const h = await harness({ server });
    const { models } = await h.json<ModelList>('/api/models');
    const sd = models.find((m) => m.name === M.success);
    expect(sd).toMatchObject({ capabilities: ['image'], canChat: false, backend: 'image-server' });
    expect(models.find((m) => m.name === 'llama3.2:latest')).toBeDefined();

    const { sent } = await sendImage(h, M.revised, 'a castle', { size: '768x768', count: 3, seed: 11 });
    const events = await h.events(sent.generationId);
    // The server reports no progress: one indeterminate progress (null steps), then the result.
    const progress = events
      .filter((e) => e.event === 'progress' || e.event === 'snapshot')
      .map((e) => e.data.imageProgress ?? e.data);
    expect(progress.some((p) => p && p.completed === null && p.count === 3)).toBe(true);
    const message = finalOf(events).data.message as Message;
    expect(message.attachments).toHaveLength(3);
    expect(message.imageGeneration).toMatchObject({
      backend: 'image-server',
      model: M.revised,
      seed: 11,
      revisedPrompt: 'A detailed picture of a castle',
      parameters: { size: '768x768', count: 3 },
      stepsPerSecond: null,
    });
    const gen = server.requests.find((r) => r.path === '/v1/images/generations');
    expect(gen?.authorization).toBe(`Bearer ${KEY}`);
    expect(gen?.body).toMatchObject({
      model: M.revised,
      prompt: 'a castle',
      n: 3,
      size: '768x768',
      response_format: 'b64_json',
      seed: 11,
    });
    expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  const failures: Array<[string, string, RegExp]> = [
    [M.unauthorized, 'image_server_unauthorized', /refused the request \(401\)/],
    [M.serverError, 'image_server_error', /failed \(500\): CUDA out of memory/],
    [M.malformed, 'image_bad_response', /no b64_json/],
    [M.notImage, 'image_bad_response', /not a PNG, JPEG, GIF or WebP/],
    [M.refusal, 'image_refused', new RegExp(REFUSAL_TEXT.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  ];
  it.each(failures)('%s ends the answer with %s, worded', async (model, code, message) => {
    const server = await imageServer();
    const h = await harness({ server });
    const { sent } = await sendImage(h, model, 'something');
    const final = finalOf(await h.events(sent.generationId));
    expect(final.event).toBe('error');
    expect(final.data.code).toBe(code);
    expect(final.data.message).toMatch(message);
    expect(final.data.hint.text.length).toBeGreaterThan(10);
    expect(JSON.stringify(final.data)).not.toContain(KEY);
  });

  it('a preload of its model (preload on open) does not ask Ollama to load it', async () => {
    const server = await imageServer();
    const h = await harness({ server });
    const running = await h.json<{ models: unknown[] }>(`/api/models/${encodeURIComponent(M.success)}/load`, {
      method: 'POST',
    });
    expect(running.models).toEqual([]);
    const loads = h.fake.requests.filter((r) => r.path === '/api/chat' || r.path === '/api/generate');
    expect(loads).toHaveLength(0);
    // An Ollama model is still loaded as before.
    await h.json('/api/models/llama3.2/load', { method: 'POST' });
    expect(h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body).toMatchObject({ model: 'llama3.2' });
  });

  it('a server that does not list its models offers those of IMAGE_SERVER_MODELS', async () => {
    const server = await imageServer({ noModelList: true });
    const h = await startHarness({
      IMAGE_SERVER_URL: server.url,
      IMAGE_SERVER_API_KEY: KEY,
      IMAGE_SERVER_MODELS: `${M.success}, ${M.slow}`,
    });
    cleanups.push(() => h.close());
    const { models } = await h.json<ModelList>('/api/models');
    expect(models.filter((m) => m.backend === 'image-server').map((m) => m.name)).toEqual([M.success, M.slow]);
    const { sent } = await sendImage(h, M.success, 'a kite');
    expect(finalOf(await h.events(sent.generationId)).data.message.attachments).toHaveLength(1);
  });

  it('an unreachable server is named in the error', async () => {
    const server = await imageServer();
    const h = await harness({ server });
    await h.json('/api/models'); // lists (and remembers) its models
    await server.close();
    const { sent } = await sendImage(h, M.success, 'a bridge');
    const final = finalOf(await h.events(sent.generationId));
    expect(final.data.code).toBe('image_server_unreachable');
    expect(final.data.message).toContain(server.url);
  });

  it('a slow server shows an indeterminate bar; cancel aborts the upstream request', async () => {
    const server = await imageServer({ slowMs: 30_000 });
    const h = await harness({ server });
    const { sent } = await sendImage(h, M.slow, 'take your time');
    const first = await h.events(sent.generationId, {
      until: (ev) => ev.some((e) => e.event === 'progress' || (e.event === 'snapshot' && e.data.imageProgress)),
    });
    const p = first.find((e) => e.event === 'progress')?.data ?? first[0]?.data.imageProgress;
    expect(p).toMatchObject({ completed: null, total: null, image: 1, count: 1 });
    expect(Date.parse(p.startedAt)).not.toBeNaN();
    await waitFor(() => server.requests.some((r) => r.path === '/v1/images/generations'));
    const ending = h.events(sent.generationId);
    await h.json(`/api/generations/${sent.generationId}/cancel`, { method: 'POST' });
    expect(finalOf(await ending).event).toBe('cancelled');
    await waitFor(() => server.aborted === 1);
    expect(server.answered).toBe(0);
  });

  it('times out with a hint naming IMAGE_TIMEOUT_MS', async () => {
    const server = await imageServer({ slowMs: 30_000 });
    const h = await startHarness({ IMAGE_SERVER_URL: server.url, IMAGE_SERVER_API_KEY: KEY, IMAGE_TIMEOUT_MS: '1000' });
    cleanups.push(() => h.close());
    const { sent } = await sendImage(h, M.slow, 'never finishes');
    const final = finalOf(await h.events(sent.generationId));
    expect(final.data.code).toBe('image_timeout');
    expect(final.data.hint.text).toContain('IMAGE_TIMEOUT_MS');
    await waitFor(() => server.aborted === 1);
  });

  it('never logs the API key nor sends it to the browser', async () => {
    const server = await imageServer();
    const fake = await startFakeOllama();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-images-'));
    const logFile = path.join(dataDir, 'server.log');
    const config = loadConfig({
      PORT: '0',
      OLLAMA_HOST: fake.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'trace',
      IMAGE_SERVER_URL: server.url,
      IMAGE_SERVER_API_KEY: KEY,
    });
    const { pino } = await import('pino');
    // The app's own logger configuration (with its redaction), writing to a file.
    const appLogger = createLogger('trace', pino.destination({ dest: logFile, sync: true }));
    const service = new BackendService({ config, logger: appLogger });
    await service.start();
    cleanups.push(async () => {
      await service.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const get = async (p: string) => (await fetch(`${service.url}${p}`)).text();
    const bodies = [
      await get('/api/models'),
      await get('/api/settings'),
      await get('/api/health'),
      await get('/api/images/backends'),
    ];
    const chat = JSON.parse(
      await (
        await fetch(`${service.url}/api/chats`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: M.unauthorized }),
        })
      ).text(),
    ) as { id: string };
    const sent = JSON.parse(
      await (
        await fetch(`${service.url}/api/chats/${chat.id}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ content: 'x' }),
        })
      ).text(),
    ) as { generationId: string };
    const events = await readEvents(`${service.url}/api/generations/${sent.generationId}/events`);
    bodies.push(JSON.stringify(events));
    // The logger logs the config object itself where it could: the key must come out redacted.
    appLogger.info({ config, imageServerApiKey: KEY, headers: { authorization: `Bearer ${KEY}` } }, 'probe');
    const info: ImageBackendsInfo = ImageBackendsInfoSchema.parse(JSON.parse(bodies[3] as string));
    expect(info.imageServer).toMatchObject({ url: server.url, source: 'env', hasApiKey: true });
    for (const body of bodies) expect(body).not.toContain(KEY);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('probe');
    expect(log).not.toContain(KEY);
  });
});

describe('an image-server model once its server is no longer configured', () => {
  const expectNotConfigured = (final: SseEvent, model: string) => {
    expect(final.event).toBe('error');
    expect(final.data.code).toBe('image_server_not_configured');
    expect(final.data.message).toContain(model);
    expect(final.data.hint).toMatchObject({ action: 'open_settings' });
    expect(final.data.hint.text).toContain('IMAGE_SERVER_URL');
  };

  it('the URL removed in Settings: the next answer says no image server is configured', async () => {
    const server = await imageServer();
    const h = await startHarness({ IMAGE_SERVER_API_KEY: KEY });
    cleanups.push(() => h.close());
    await h.json('/api/settings', { method: 'PUT', json: { imageServerUrl: `${server.url}/v1/` } });
    const { chat, sent } = await sendImage(h, M.success, 'a kite');
    const firstEnd = finalOf(await h.events(sent.generationId));
    expect(firstEnd.event, JSON.stringify(firstEnd.data)).toBe('done');

    await h.json('/api/settings', { method: 'PUT', json: { imageServerUrl: null } });
    const again = await h.send(chat.id, 'another kite');
    expectNotConfigured(finalOf(await h.events(again.generationId)), M.success);
    // Routed before any backend: nothing went to Ollama's chat endpoint for it.
    expect(h.fake.requests.filter((r) => r.path === '/api/chat')).toHaveLength(0);
  });

  it('after a restart without the URL, the chat history says where the model was', async () => {
    const server = await imageServer();
    const fake = await startFakeOllama();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-images-'));
    cleanups.push(async () => {
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const start = async (env: Record<string, string>) => {
      const config = loadConfig({ PORT: '0', OLLAMA_HOST: fake.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
      const service = new BackendService({ config, logger: createLogger('silent') });
      await service.start();
      const post = async <T>(p: string, body: unknown): Promise<T> =>
        (await (
          await fetch(`${service.url}${p}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json()) as T;
      return { service, post };
    };

    const first = await start({ IMAGE_SERVER_URL: server.url, IMAGE_SERVER_API_KEY: KEY });
    const chat = await first.post<{ id: string }>('/api/chats', { model: M.success });
    const sent = await first.post<{ generationId: string }>(`/api/chats/${chat.id}/messages`, { content: 'a bird' });
    const events = await readEvents(`${first.service.url}/api/generations/${sent.generationId}/events`);
    expect(finalOf(events).event).toBe('done');
    await first.service.stop();

    const second = await start({});
    cleanups.push(() => second.service.stop());
    const again = await second.post<{ generationId: string }>(`/api/chats/${chat.id}/messages`, {
      content: 'another bird',
    });
    expectNotConfigured(
      finalOf(await readEvents(`${second.service.url}/api/generations/${again.generationId}/events`)),
      M.success,
    );
    // A model nobody knows still fails as a missing model, not as an image-server one.
    const other = await second.post<{ id: string }>('/api/chats', { model: 'nobody/unknown:latest' });
    const lost = await second.post<{ generationId: string }>(`/api/chats/${other.id}/messages`, { content: 'hi' });
    const final = finalOf(await readEvents(`${second.service.url}/api/generations/${lost.generationId}/events`));
    expect(final.data.code).not.toBe('image_server_not_configured');
  });
});
