import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { History } from '../../src/backend/history-manager';
import { migrationProvider } from '../../src/backend/history-manager/migrations';
import type { GenerationMetrics, Message } from '../../src/shared/api';
import { createLogger } from '../../src/utils/logger';

const DB_FILE = 'ollama-chat.sqlite';

let dataDir: string;
let store: History;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-metrics-'));
  store = await History.open({ dataDir, logger: createLogger('silent') });
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function metrics(over: Partial<GenerationMetrics> = {}): GenerationMetrics {
  return {
    ttftMs: 100,
    totalDurationMs: 1000,
    loadDurationMs: 10,
    promptEvalCount: 20,
    promptEvalDurationMs: 50,
    evalCount: 100,
    evalDurationMs: 900,
    tokensPerSecond: 50,
    promptTokensPerSecond: 400,
    doneReason: 'stop',
    ...over,
  };
}

function readRows(sql: string): unknown[] {
  const db = new BetterSqlite3(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

async function queuedAnswer(model: string, chatId?: string): Promise<Message> {
  const id = chatId ?? (await store.chats.create({ model })).id;
  const [, answer] = await store.messages.append(id, null, [
    { role: 'user', content: 'Q', status: 'complete' },
    { role: 'assistant', content: '', status: 'queued', model },
  ]);
  if (!answer) throw new Error('no answer appended');
  return answer;
}

/** A finished answer of `model` with the given counters; one chat per call unless chatId is given. */
async function answered(model: string, m: Partial<GenerationMetrics> = {}, chatId?: string): Promise<Message> {
  const answer = await queuedAnswer(model, chatId);
  return store.messages.finish(answer.id, {
    content: 'A',
    thinking: '',
    status: 'complete',
    error: null,
    metrics: metrics(m),
    modelDigest: 'sha256:abc',
  });
}

describe('answer metrics rows', () => {
  it('stores one row per complete answer, under the canonical model name, in the finishing transaction', async () => {
    const answer = await queuedAnswer('Llama3.2');
    const before = store.writeCount;
    const kindsBefore = store.writesByStatement();
    await store.messages.finish(answer.id, {
      content: 'A',
      thinking: '',
      status: 'complete',
      error: null,
      metrics: metrics({ ttftMs: null, tokensPerSecond: 42.5, promptEvalCount: 900, evalCount: 200 }),
      modelDigest: 'sha256:abc',
    });
    // message UPDATE + chat bump + metrics upsert
    expect(store.writeCount - before).toBe(3);
    const kindsAfter = store.writesByStatement();
    const added = (what: string) => (kindsAfter.get(what) ?? 0) - (kindsBefore.get(what) ?? 0);
    expect([added('UPDATE messages'), added('UPDATE chats'), added('INSERT answer_metrics')]).toEqual([1, 1, 1]);
    expect(readRows('SELECT * FROM answer_metrics')).toEqual([
      {
        message_id: answer.id,
        model: 'llama3.2:latest',
        model_digest: 'sha256:abc',
        created_at: expect.any(String),
        ttft_ms: null,
        tokens_per_second: 42.5,
        prompt_tokens_per_second: 400,
        load_duration_ms: 10,
        prompt_eval_count: 900,
        eval_count: 200,
        context_bucket: 1, // 1,100 tokens: 1k–4k
      },
    ]);
  });

  it('stores nothing for cancelled, failed or counter-less answers', async () => {
    for (const status of ['cancelled', 'error', 'interrupted'] as const) {
      const a = await queuedAnswer('llama3.2');
      await store.messages.finish(a.id, { content: 'x', thinking: '', status, error: null, metrics: null });
    }
    const noCounters = await queuedAnswer('llama3.2');
    await store.messages.finish(noCounters.id, {
      content: 'x',
      thinking: '',
      status: 'complete',
      error: null,
      metrics: null,
    });
    expect(readRows('SELECT * FROM answer_metrics')).toEqual([]);
  });

  it('replaces the row when an answer is continued, and drops it when the continuation fails', async () => {
    const a = await answered('llama3.2', { tokensPerSecond: 10 });
    await store.messages.finish(a.id, {
      content: 'AB',
      thinking: '',
      status: 'complete',
      error: null,
      metrics: metrics({ tokensPerSecond: 20 }),
    });
    expect(readRows('SELECT tokens_per_second, model_digest FROM answer_metrics')).toEqual([
      { tokens_per_second: 20, model_digest: 'sha256:abc' },
    ]);
    await store.messages.finish(a.id, { content: 'AB', thinking: '', status: 'cancelled', error: null, metrics: null });
    expect(readRows('SELECT * FROM answer_metrics')).toEqual([]);
  });

  it('keeps the figures exact through continued, failed and deleted answers', async () => {
    const a = await answered('llama3.2', { tokensPerSecond: 10, ttftMs: null });
    const b = await answered('llama3.2', { tokensPerSecond: 20, ttftMs: 300, promptEvalCount: 5000 });
    let { summary, byContextSize } = await store.models.metrics('llama3.2', { limit: 10 });
    expect([summary.answers, summary.tokensPerSecond.median, summary.ttftMs.median]).toEqual([2, 15, 300]);

    // Continued: new counters, another context bucket.
    await store.messages.finish(a.id, {
      content: 'AB',
      thinking: '',
      status: 'complete',
      error: null,
      metrics: metrics({ tokensPerSecond: null, ttftMs: 100, promptEvalCount: 5000 }),
    });
    ({ summary, byContextSize } = await store.models.metrics('llama3.2', { limit: 10 }));
    expect([summary.answers, summary.tokensPerSecond.median, summary.ttftMs.median]).toEqual([2, 20, 200]);
    expect(byContextSize.map((x) => x.answers)).toEqual([0, 0, 2, 0, 0]);

    await store.messages.finish(b.id, { content: 'x', thinking: '', status: 'error', error: null, metrics: null });
    ({ summary } = await store.models.metrics('llama3.2', { limit: 10 }));
    expect([summary.answers, summary.tokensPerSecond.median, summary.ttftMs.median]).toEqual([1, null, 100]);

    await store.chats.delete(a.chatId);
    expect((await store.models.metrics('llama3.2', { limit: 10 })).summary).toMatchObject({
      answers: 0,
      lastUsed: null,
    });
    expect(await store.models.metricsComparison()).toEqual({ models: [] });
  });

  it('goes away with its chat', async () => {
    const a = await answered('llama3.2');
    await store.chats.delete(a.chatId);
    expect(readRows('SELECT * FROM answer_metrics')).toEqual([]);
  });
});

describe('model metrics', () => {
  it('computes interpolated medians and p10/p90, ignoring missing values', async () => {
    const chat = await store.chats.create({ model: 'llama3.2' });
    for (let i = 1; i <= 10; i++) {
      await answered(
        'llama3.2',
        {
          tokensPerSecond: i * 10,
          ttftMs: i <= 2 ? null : i, // 3…10
          promptTokensPerSecond: i === 1 ? null : 100,
          loadDurationMs: i % 2 === 0 ? 1000 : 0,
        },
        chat.id,
      );
    }
    const { summary } = await store.models.metrics('llama3.2:latest', { limit: 100 });
    expect(summary).toEqual({
      model: 'llama3.2:latest',
      answers: 10,
      // ranks 0…9: p10 at 0.9 → 10 + 0.9·10, median at 4.5, p90 at 8.1
      tokensPerSecond: { median: 55, p10: 19, p90: 91 },
      // 8 values 3…10: p10 at 0.7, median at 3.5, p90 at 6.3
      ttftMs: { median: 6.5, p10: 3.7, p90: 9.3 },
      promptTokensPerSecond: { median: 100 },
      loadDurationMs: { median: 500 },
      lastUsed: expect.any(String),
    });
  });

  it('returns empty figures for a model without answers', async () => {
    const m = await store.models.metrics('never-used', { limit: 10 });
    expect(m.summary).toEqual({
      model: 'never-used:latest',
      answers: 0,
      tokensPerSecond: { median: null, p10: null, p90: null },
      ttftMs: { median: null, p10: null, p90: null },
      promptTokensPerSecond: { median: null },
      loadDurationMs: { median: null },
      lastUsed: null,
    });
    expect(m.points).toEqual([]);
    expect(m.byContextSize.map((b) => [b.bucket, b.answers, b.tokensPerSecondMedian])).toEqual([
      ['<1k', 0, null],
      ['1k–4k', 0, null],
      ['4k–16k', 0, null],
      ['16k–64k', 0, null],
      ['≥64k', 0, null],
    ]);
  });

  it('returns the last points oldest first, with lastUsed the newest', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const chat = await store.chats.create({ model: 'qwen3:8b' });
    for (let i = 0; i < 5; i++) {
      vi.setSystemTime(new Date(Date.UTC(2025, 0, 1, 0, i)));
      await answered('qwen3:8b', { tokensPerSecond: i, evalCount: i }, chat.id);
    }
    const m = await store.models.metrics('QWEN3:8b', { limit: 3 });
    expect(m.points.map((p) => p.evalCount)).toEqual([2, 3, 4]);
    expect(m.points[0]).toEqual({
      at: '2025-01-01T00:02:00.000Z',
      ttftMs: 100,
      tokensPerSecond: 2,
      promptTokensPerSecond: 400,
      loadDurationMs: 10,
      promptEvalCount: 20,
      evalCount: 2,
    });
    expect(m.summary.lastUsed).toBe('2025-01-01T00:04:00.000Z');
    expect(m.summary.answers).toBe(5);
  });

  it('groups tokens/s by context size (prompt + answer tokens, k = 1024)', async () => {
    const chat = await store.chats.create({ model: 'llama3.2' });
    const sizes: Array<[prompt: number, answer: number, tps: number]> = [
      [1000, 23, 100], // 1,023: <1k
      [1000, 24, 80], // 1,024: 1k–4k
      [3000, 1000, 60], // 4,000: 1k–4k
      [4000, 96, 50], // 4,096: 4k–16k
      [60_000, 5_536, 20], // 65,536: ≥64k
      [100_000, 0, 10], // ≥64k
    ];
    for (const [promptEvalCount, evalCount, tokensPerSecond] of sizes) {
      await answered('llama3.2', { promptEvalCount, evalCount, tokensPerSecond }, chat.id);
    }
    await answered('llama3.2', { promptEvalCount: 2000, evalCount: 0, tokensPerSecond: null }, chat.id);
    const m = await store.models.metrics('llama3.2', { limit: 1 });
    expect(m.byContextSize).toEqual([
      { bucket: '<1k', answers: 1, tokensPerSecondMedian: 100 },
      { bucket: '1k–4k', answers: 3, tokensPerSecondMedian: 70 },
      { bucket: '4k–16k', answers: 1, tokensPerSecondMedian: 50 },
      { bucket: '16k–64k', answers: 0, tokensPerSecondMedian: null },
      { bucket: '≥64k', answers: 2, tokensPerSecondMedian: 15 },
    ]);
  });

  it('compares models fastest first, spellings of one model merged, models without a rate last', async () => {
    await answered('llama3.2', { tokensPerSecond: 30 });
    await answered('Llama3.2:latest', { tokensPerSecond: 50 });
    await answered('qwen3:8b', { tokensPerSecond: 90 });
    await answered('hf.co/Org/Repo:Q4_K_M', { tokensPerSecond: 10 });
    await answered('embed-only', { tokensPerSecond: null });
    const { models } = await store.models.metricsComparison();
    expect(models.map((m) => [m.model, m.answers, m.tokensPerSecond.median])).toEqual([
      ['qwen3:8b', 1, 90],
      ['llama3.2:latest', 2, 40],
      ['hf.co/org/repo:q4_k_m', 1, 10],
      ['embed-only:latest', 1, null],
    ]);
  });
});

describe('model versions, preferences and usage', () => {
  it('lists versions newest first under any spelling and marks the current digest', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    await store.models.recordSeen('llama3.2', 'sha256:old');
    vi.setSystemTime(new Date('2025-02-01T00:00:00Z'));
    await store.models.recordSeen('llama3.2:latest', 'sha256:new');
    vi.setSystemTime(new Date('2025-02-02T00:00:00Z'));
    await store.models.recordSeen('Llama3.2', 'sha256:new');
    await store.models.recordSeen('qwen3:8b', 'sha256:other');

    expect(await store.models.versions('LLAMA3.2:latest', 'sha256:new')).toEqual({
      name: 'llama3.2:latest',
      versions: [
        {
          digest: 'sha256:new',
          firstSeen: '2025-02-01T00:00:00.000Z',
          lastSeen: '2025-02-02T00:00:00.000Z',
          current: true,
        },
        {
          digest: 'sha256:old',
          firstSeen: '2025-01-01T00:00:00.000Z',
          lastSeen: '2025-01-01T00:00:00.000Z',
          current: false,
        },
      ],
    });
    const unknownCurrent = await store.models.versions('llama3.2', null);
    expect(unknownCurrent.versions.map((v) => v.current)).toEqual([false, false]);
    expect(await store.models.versions('nothing', null)).toEqual({ name: 'nothing:latest', versions: [] });
  });

  it('writes a version seen again soon after only once, shows its newer last use at once and stores it on close', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-01T00:00:00Z'));
    await store.models.recordSeen('llama3.2', 'sha256:a');
    const before = store.writeCount;
    vi.setSystemTime(new Date('2025-03-01T00:01:00Z'));
    await store.models.recordSeen('llama3.2:latest', 'sha256:a');
    expect(store.writeCount).toBe(before);
    const seen = await store.models.versions('llama3.2', 'sha256:a');
    expect(seen.versions.map((v) => [v.digest, v.lastSeen])).toEqual([['sha256:a', '2025-03-01T00:01:00.000Z']]);
    // Another digest is written at once, and the first one seen again after it is written too: the order is stored.
    await store.models.recordSeen('llama3.2', 'sha256:b');
    vi.setSystemTime(new Date('2025-03-01T00:02:00Z'));
    await store.models.recordSeen('llama3.2', 'sha256:a');
    expect(store.writeCount).toBe(before + 2);
    vi.setSystemTime(new Date('2025-03-01T00:03:00Z'));
    await store.models.recordSeen('llama3.2', 'sha256:a');
    await store.close();
    store = await History.open({ dataDir, logger: createLogger('silent') });
    const reopened = await store.models.versions('llama3.2', null);
    expect(reopened.versions.map((v) => [v.digest, v.lastSeen])).toEqual([
      ['sha256:a', '2025-03-01T00:03:00.000Z'],
      ['sha256:b', '2025-03-01T00:01:00.000Z'],
    ]);
  });

  it('keeps per-model preferences: defaults, partial patches, reset to default', async () => {
    expect(await store.models.preferences('llama3.2')).toEqual({
      name: 'llama3.2:latest',
      autoUpdate: null,
      keepAlive: null,
    });
    expect(await store.models.updatePreferences('llama3.2', { autoUpdate: false })).toEqual({
      name: 'llama3.2:latest',
      autoUpdate: false,
      keepAlive: null,
    });
    await store.models.updatePreferences('Llama3.2:latest', { keepAlive: '10m' });
    await store.models.updatePreferences('qwen3:8b', { keepAlive: -1, autoUpdate: true });
    expect(await store.models.preferences('llama3.2:latest')).toEqual({
      name: 'llama3.2:latest',
      autoUpdate: false,
      keepAlive: '10m',
    });
    expect(await store.models.listPreferences()).toEqual([
      { name: 'llama3.2:latest', autoUpdate: false, keepAlive: '10m' },
      { name: 'qwen3:8b', autoUpdate: true, keepAlive: -1 },
    ]);

    await store.models.updatePreferences('llama3.2', { autoUpdate: null });
    expect(await store.models.updatePreferences('llama3.2', { keepAlive: null })).toEqual({
      name: 'llama3.2:latest',
      autoUpdate: null,
      keepAlive: null,
    });
    // All defaults again: the model drops out of the list.
    expect((await store.models.listPreferences()).map((p) => p.name)).toEqual(['qwen3:8b']);
    expect(await store.models.updatePreferences('qwen3:8b', {})).toEqual({
      name: 'qwen3:8b',
      autoUpdate: true,
      keepAlive: -1,
    });
  });

  it('lists the chats that use a model under any spelling', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const a = await store.chats.create({ title: 'A', model: 'llama3.2' });
    vi.setSystemTime(new Date('2025-01-02T00:00:00Z'));
    const b = await store.chats.create({ title: 'B', model: 'Llama3.2:latest' });
    await store.chats.create({ title: 'C', model: 'llama3.2:1b' });
    await store.chats.create({ title: 'D' });
    expect(await store.chats.listUsingModel('llama3.2:LATEST')).toEqual([
      { id: b.id, title: 'B' },
      { id: a.id, title: 'A' },
    ]);
    expect(await store.chats.listUsingModel('mistral')).toEqual([]);
  });
});

describe('migration 003', () => {
  it('backfills metrics of existing complete answers and merges version history by canonical name', async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir);

    // A database as the previous release left it: migrations 001 and 002 only.
    const sqlite = new BetterSqlite3(path.join(dataDir, DB_FILE));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('002_messages_fts');
    expect(error).toBeUndefined();
    await db.destroy();

    const raw = new BetterSqlite3(path.join(dataDir, DB_FILE));
    try {
      raw
        .prepare(
          `INSERT INTO chats (id, title, model, created_at, updated_at) VALUES ('c1', 'Old', 'llama3.2', '2024-01-01', '2024-01-01')`,
        )
        .run();
      const insert = raw.prepare(
        `INSERT INTO messages (id, chat_id, role, status, model, model_digest, metrics_json, created_at, updated_at)
         VALUES (?, 'c1', ?, ?, ?, 'sha256:d', ?, '2024-01-01T00:00:00.000Z', ?)`,
      );
      const json = (over: Partial<GenerationMetrics>) => JSON.stringify(metrics(over));
      insert.run('m1', 'assistant', 'complete', 'llama3.2', json({ tokensPerSecond: 30 }), '2024-01-01T00:01:00.000Z');
      insert.run(
        'm2',
        'assistant',
        'complete',
        'Llama3.2:latest',
        json({ tokensPerSecond: 50, ttftMs: null }),
        '2024-01-01T00:02:00.000Z',
      );
      insert.run('m3', 'assistant', 'cancelled', 'llama3.2', json({}), '2024-01-01T00:03:00.000Z');
      insert.run('m4', 'assistant', 'complete', 'llama3.2', null, '2024-01-01T00:04:00.000Z');
      insert.run('m5', 'assistant', 'complete', 'llama3.2', '{not json', '2024-01-01T00:05:00.000Z');
      insert.run('m6', 'user', 'complete', null, null, '2024-01-01T00:06:00.000Z');
      const seen = raw.prepare('INSERT INTO models_seen (name, digest, first_seen, last_seen) VALUES (?, ?, ?, ?)');
      seen.run('llama3.2', 'sha256:d', '2024-01-01', '2024-01-05');
      seen.run('llama3.2:latest', 'sha256:d', '2023-12-01', '2024-01-03');
      seen.run('qwen3:8b', 'sha256:q', '2024-02-01', '2024-02-01');
    } finally {
      raw.close();
    }

    store = await History.open({ dataDir, logger: createLogger('silent') });
    const m = await store.models.metrics('llama3.2', { limit: 10 });
    expect(m.summary).toMatchObject({
      model: 'llama3.2:latest',
      answers: 2,
      tokensPerSecond: { median: 40 },
      ttftMs: { median: 100 },
      lastUsed: '2024-01-01T00:02:00.000Z',
    });
    expect(m.points.map((p) => p.tokensPerSecond)).toEqual([30, 50]);
    expect(readRows('SELECT name, digest, first_seen, last_seen FROM models_seen ORDER BY name')).toEqual([
      { name: 'llama3.2:latest', digest: 'sha256:d', first_seen: '2023-12-01', last_seen: '2024-01-05' },
      { name: 'qwen3:8b', digest: 'sha256:q', first_seen: '2024-02-01', last_seen: '2024-02-01' },
    ]);
    expect(await store.models.listPreferences()).toEqual([]);
  });
});
