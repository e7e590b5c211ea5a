/**
 * Image generation's errors as the clients really build them (against the fake image server and
 * the fake Ollama, real HTTP): every image_ code is reached, has a hint, and no hint repeats its
 * message or puts the next step into the message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hintFor, IMAGE_ERROR_MESSAGES, OLLAMA_IMAGE_VERSIONS } from '../../src/backend/error-hints';
import { type AppError, ImageGenerationError } from '../../src/backend/errors';
import { OpenAiImageClient } from '../../src/backend/image-generation';
import { OllamaClient } from '../../src/backend/ollama-client';
import { ERROR_CODES } from '../../src/shared/error-codes';
import { type FakeImageServer, IMAGE_SERVER_MODELS as M, startFakeImageServer } from '../fakes/fake-image-server';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama';

const IMAGE_CODES = Object.values(ERROR_CODES).filter((c) => c.startsWith('image_'));
const INSTRUCTION = /\b(try again|retry|set [A-Z_]+|check (the|that)|raise [A-Z_]+|pick a|reword)\b/i;

let server: FakeImageServer;
let ollama: FakeOllama;
beforeAll(async () => {
  server = await startFakeImageServer({ slowMs: 10_000 });
  ollama = await startFakeOllama();
});
afterAll(async () => {
  await server.close();
  await ollama.close();
});

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a failure');
}

async function realErrors(): Promise<AppError[]> {
  const client = (timeoutMs = 5_000, baseUrl = server.url) => new OpenAiImageClient({ baseUrl, timeoutMs });
  const gen = (model: string, c = client()) =>
    failure(() => c.generate({ model, prompt: 'p', n: 1, signal: new AbortController().signal }));
  const unsupported = await failure(async () => {
    const stream = new OllamaClient({ host: ollama.url }).generateImage({
      model: 'x/flux-image',
      prompt: 'p',
      signal: new AbortController().signal,
    });
    for await (const _ of stream) {
      // the 400 comes before any part
    }
  });
  const closed = await startFakeImageServer();
  await closed.close();
  return [
    unsupported,
    new ImageGenerationError('image_server_not_configured', IMAGE_ERROR_MESSAGES.notConfigured('sd-turbo')),
    await gen(M.unauthorized),
    await gen(M.serverError),
    await gen(M.malformed),
    await gen(M.refusal),
    await gen('no-such-model'),
    await gen(M.slow, client(300)),
    await gen(M.success, client(5_000, closed.url)),
  ];
}

describe('image generation errors', () => {
  it('reach every image_ code, each with a hint that does not repeat the message', async () => {
    const errors = await realErrors();
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(IMAGE_CODES));
    for (const e of errors) {
      const info = e.toJSON();
      expect(info.hint.text.length, e.code).toBeGreaterThan(10);
      expect(info.hint.text, e.code).toMatch(/^[A-Z].*\.$/);
      expect(info.message, e.code).not.toMatch(INSTRUCTION);
      expect(info.hint.text.toLowerCase().includes(info.message.toLowerCase()), e.code).toBe(false);
    }
  });

  it('says which Ollama versions made images and what to use instead', () => {
    const hint = hintFor('image_generation_unsupported').text;
    expect(hint).toContain(OLLAMA_IMAGE_VERSIONS);
    expect(hint).toContain('IMAGE_SERVER_URL');
    expect(IMAGE_ERROR_MESSAGES.ollamaUnsupported('x/flux', '0.33.0')).toContain('Ollama 0.33.0');
  });

  it('passes a refusal text through', async () => {
    const e = await failure(() =>
      new OpenAiImageClient({ baseUrl: server.url, timeoutMs: 5_000 }).generate({
        model: M.refusal,
        prompt: 'p',
        n: 1,
        signal: new AbortController().signal,
      }),
    );
    expect(e.code).toBe('image_refused');
    expect(e.message).toContain('rejected as a result of our safety system');
  });
});
