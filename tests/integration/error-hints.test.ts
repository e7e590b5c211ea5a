/**
 * Every error the server sends carries code, message and a hint worded by the server: through the
 * real HTTP server, a real SQLite file and the fake Ollama, for HTTP error bodies, the `error` event
 * of a generation's stream, errors stored with an answer, and errors stored by older versions.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/backend/history-manager/database';
import { ErrorBodySchema, ErrorInfoSchema, MessagesResponseSchema } from '../../src/backend/schemas';
import type { ErrorHint, ErrorInfo } from '../../src/shared/error-info';
import { type Harness, readEvents, startHarness } from './harness';

type Hinted = ErrorInfo & { hint: ErrorHint };

/** Parses the error body and checks the shape every error has. */
async function errorOf(res: Response): Promise<Hinted> {
  const { error } = ErrorBodySchema.parse(await res.json());
  expectHinted(error);
  return error;
}

function expectHinted(error: ErrorInfo): asserts error is Hinted {
  expect(error.hint, `${error.code}: ${error.message}`).toBeDefined();
  expect(error.hint?.text.length).toBeGreaterThan(10);
  expect(error.hint?.text).not.toBe(error.message);
  expect(error.message).not.toContain(error.hint?.text ?? '');
}

async function failedAnswer(h: Harness, model: string) {
  const chat = await h.createChat(model);
  const sent = await h.send(chat.id, 'hello');
  const events = await h.events(sent.generationId);
  const final = events.at(-1);
  expect(final?.event).toBe('error');
  const error = ErrorInfoSchema.parse(final?.data);
  expectHinted(error);
  return { chat, sent, error };
}

describe('errors of answers and requests carry the server’s hint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ FIRST_TOKEN_TIMEOUT_MS: '300', STREAM_IDLE_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('model not found: the stream’s error offers to pull it, and the stored answer says the same', async () => {
    const { chat, sent, error } = await failedAnswer(h, 'mistral');
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('mistral');
    expect(error.hint).toMatchObject({ action: 'pull_model', command: 'ollama pull mistral' });

    const branch = MessagesResponseSchema.parse(await h.json(`/api/chats/${chat.id}/messages`));
    const stored = branch.messages.find((m) => m.id === sent.assistantMessage.id);
    expect(stored?.status).toBe('error');
    expect(stored?.error).toEqual({
      code: error.code,
      message: error.message,
      hint: error.hint,
      details: error.details,
    });
  });

  it('model not found over plain HTTP: 404 with the pull command', async () => {
    const res = await h.api('/api/models/mistral');
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error.code).toBe('model_not_found');
    expect(error.hint).toMatchObject({ action: 'pull_model', command: 'ollama pull mistral' });
  });

  it('first-token timeout: the hint says to raise FIRST_TOKEN_TIMEOUT_MS', async () => {
    const { error } = await failedAnswer(h, 'hang');
    expect(error.code).toBe('ollama_timeout');
    expect(error.message).toMatch(/sent nothing for 0\.3 s/);
    expect(error.hint.text).toContain('FIRST_TOKEN_TIMEOUT_MS');
    expect(error.hint.action).toBe('retry');
  });

  it('idle timeout mid-answer: the hint says to raise STREAM_IDLE_TIMEOUT_MS', async () => {
    const { error } = await failedAnswer(h, 'stall');
    expect(error.code).toBe('ollama_timeout');
    expect(error.hint.text).toContain('STREAM_IDLE_TIMEOUT_MS');
  });

  it('validation error: 400 naming the field, with a next step', async () => {
    const res = await h.api('/api/chats', { method: 'POST', json: { title: '   ' } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('title');
  });

  it('an unknown route: 404 with a hint', async () => {
    const error = await errorOf(await h.api('/api/nothing-here'));
    expect(error.code).toBe('not_found');
  });

  it('an error stored by an older version (no hint) gets one when read', async () => {
    const { chat, sent } = await failedAnswer(h, 'mistral');
    const db = new BetterSqlite3(path.join(h.dataDir, DATABASE_FILE));
    try {
      const old = JSON.stringify({ code: 'model_not_found', message: "Model 'mistral' is not installed." });
      db.prepare('UPDATE messages SET error_json = ? WHERE id = ?').run(old, sent.assistantMessage.id);
    } finally {
      db.close();
    }
    const branch = MessagesResponseSchema.parse(await h.json(`/api/chats/${chat.id}/messages`));
    const stored = branch.messages.find((m) => m.id === sent.assistantMessage.id);
    expect(stored?.error?.message).toBe("Model 'mistral' is not installed.");
    expect(stored?.error?.hint).toMatchObject({ action: 'pull_model', command: 'ollama pull mistral' });
  });

  it('an unexpected failure answers 500 with a generic message and hint, never the internals', async () => {
    const { chat, sent } = await failedAnswer(h, 'mistral');
    const db = new BetterSqlite3(path.join(h.dataDir, DATABASE_FILE));
    try {
      db.prepare('UPDATE messages SET error_json = ? WHERE id = ?').run('{not json', sent.assistantMessage.id);
    } finally {
      db.close();
    }
    const res = await h.api(`/api/chats/${chat.id}/messages`);
    expect(res.status).toBe(500);
    const text = await res.clone().text();
    const error = await errorOf(res);
    expect(error.code).toBe('internal');
    expect(error.details).toBeUndefined();
    expect(error.hint.action).toBe('retry');
    expect(error.hint.text).toMatch(/server log/);
    expect(text).not.toMatch(/JSON|SyntaxError|at .*\.ts|node_modules/);
  });
});

describe('Ollama unreachable', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.fake.close();
  });
  afterAll(async () => {
    await h.close();
  });

  it('names the host once, on the server, and hints `ollama serve` on HTTP, SSE and health', async () => {
    const host = h.service.config.ollamaHost;
    const res = await h.api('/api/models?refresh=1');
    expect(res.status).toBe(503);
    const viaHttp = await errorOf(res);
    expect(viaHttp.code).toBe('ollama_unreachable');
    expect(viaHttp.message).toBe(`Can't reach Ollama at ${host}.`);
    expect(viaHttp.hint).toMatchObject({ command: 'ollama serve', action: 'retry' });
    // Named once: the message says where; the hint only says what to do.
    expect(viaHttp.hint.text).not.toContain(host);

    const { error: viaSse } = await failedAnswer(h, 'llama3.2');
    expect(viaSse).toMatchObject({ code: viaHttp.code, message: viaHttp.message, hint: viaHttp.hint });

    const health = await h.json<{ ollama: { reachable: boolean; error: ErrorInfo | null } }>('/api/health');
    expect(health.ollama.reachable).toBe(false);
    expect(health.ollama.error).toMatchObject({ code: viaHttp.code, message: viaHttp.message, hint: viaHttp.hint });
  });
});

describe('queue full', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('says the limit and hints to wait or cancel', async () => {
    h = await startHarness({ MAX_CONCURRENT_GENERATIONS: '1', MAX_QUEUED_GENERATIONS: '1' }, { tokenDelayMs: 100 });
    const chats = await Promise.all([1, 2, 3].map(() => h.createChat('slow')));
    const [first, second, third] = chats;
    if (!first || !second || !third) throw new Error('three chats expected');
    await h.send(first.id, 'one');
    await h.send(second.id, 'two');
    const res = await h.api(`/api/chats/${third.id}/messages`, { method: 'POST', json: { content: 'three' } });
    expect(res.status).toBe(429);
    const error = await errorOf(res);
    expect(error.code).toBe('queue_full');
    expect(error.message).toContain('1');
    expect(error.hint.text).toMatch(/wait/i);
    expect(error.hint.text).toMatch(/cancel/i);
  });
});

describe('model jobs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a failed pull’s error event carries the hint', async () => {
    const res = await h.api('/api/models/pull', { method: 'POST', json: { name: 'qwen3:999b' } });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    const events = await readEvents(`${h.url}/api/jobs/${jobId}/events`);
    expect(events.at(-1)?.event).toBe('error');
    const error = ErrorInfoSchema.parse(events.at(-1)?.data.error);
    expectHinted(error);
    expect(error.code).toBe('model_not_found');
    expect(error.hint.text).toContain('ollama.com/library');
  });
});
