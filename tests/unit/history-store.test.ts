import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/backend/errors';
import { History, type NewMessage } from '../../src/backend/history-manager';
import type { GenerationMetrics, Message } from '../../src/shared/api';
import { estimateTextTokens } from '../../src/shared/token-estimate';
import { createLogger } from '../../src/utils/logger';

const DB_FILE = 'ollama-chat.sqlite';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946000101', 'hex');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let dataDir: string;
let store: History;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-store-'));
  store = await History.open({ dataDir, logger: createLogger('silent') });
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const user = (content: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  role: 'user',
  content,
  status: 'complete',
  ...extra,
});
const assistant = (content: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  role: 'assistant',
  content,
  status: 'complete',
  model: 'llama3.2:latest',
  ...extra,
});

/** Appends and returns one message per input, typed as a tuple of the same length. */
async function append<T extends readonly NewMessage[]>(
  chatId: string,
  parentId: string | null,
  messages: [...T],
): Promise<{ [K in keyof T]: Message }> {
  const appended = await store.messages.append(chatId, parentId, messages);
  expect(appended).toHaveLength(messages.length);
  return appended as { [K in keyof T]: Message };
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

function blobFiles(): string[] {
  const dir = path.join(dataDir, 'blobs');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

function ftsMatches(term: string): number {
  const db = new BetterSqlite3(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?').get(term) as {
      n: number;
    };
    return row.n;
  } finally {
    db.close();
  }
}

describe('chats', () => {
  it('creates a chat with defaults and reads it back', async () => {
    const chat = await store.chats.create({});
    expect(chat).toMatchObject({
      title: 'New chat',
      model: null,
      systemPrompt: '',
      options: {},
      pinned: false,
      archived: false,
      currentLeafId: null,
    });
    expect(chat.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await store.chats.get(chat.id)).toEqual(chat);
  });

  it('updates fields and keeps the ones not in the patch', async () => {
    const chat = await store.chats.create({ title: 'Plans', model: 'qwen3:8b', options: { temperature: 0.2 } });
    const updated = await store.chats.update(chat.id, { systemPrompt: 'Be brief.', pinned: true, archived: true });
    expect(updated).toMatchObject({
      title: 'Plans',
      model: 'qwen3:8b',
      systemPrompt: 'Be brief.',
      options: { temperature: 0.2 },
      pinned: true,
      archived: true,
    });
    expect(await store.chats.update(chat.id, { model: null, options: { seed: 7 } })).toMatchObject({
      model: null,
      options: { seed: 7 },
    });
    expect(await store.chats.get(chat.id)).toMatchObject({ model: null, pinned: true });
  });

  it('lists chats by newest activity with keyset pagination', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      vi.advanceTimersByTime(1000);
      ids.push((await store.chats.create({ title: `Chat ${i}` })).id);
    }
    // Activity in the oldest chat moves it to the top.
    vi.advanceTimersByTime(1000);
    await store.messages.append(at(ids, 0), null, [user('hello')]);

    const first = await store.chats.list({ limit: 2 });
    expect(first.chats.map((c) => c.title)).toEqual(['Chat 0', 'Chat 4']);
    expect(first.nextCursor).not.toBeNull();
    const second = await store.chats.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.chats.map((c) => c.title)).toEqual(['Chat 3', 'Chat 2']);
    const third = await store.chats.list({ limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.chats.map((c) => c.title)).toEqual(['Chat 1']);
    expect(third.nextCursor).toBeNull();
  });

  it('orders chats with the same timestamp by id, newest first', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const a = await store.chats.create({ title: 'a' });
    const b = await store.chats.create({ title: 'b' });
    const c = await store.chats.create({ title: 'c' });
    const page1 = await store.chats.list({ limit: 2 });
    const page2 = await store.chats.list({ limit: 2, cursor: page1.nextCursor ?? undefined });
    expect([...page1.chats, ...page2.chats].map((x) => x.id)).toEqual([c.id, b.id, a.id]);
  });

  it('filters by a case-insensitive title substring, also outside ASCII', async () => {
    await store.chats.create({ title: 'Über Rust traits' });
    await store.chats.create({ title: 'Cooking pasta' });
    await store.chats.create({ title: 'rust lifetimes' });
    const rust = await store.chats.list({ limit: 10, q: 'RUST' });
    expect(rust.chats.map((c) => c.title).sort()).toEqual(['rust lifetimes', 'Über Rust traits']);
    const uber = await store.chats.list({ limit: 10, q: 'über' });
    expect(uber.chats.map((c) => c.title)).toEqual(['Über Rust traits']);
    // LIKE wildcards are plain characters here.
    expect((await store.chats.list({ limit: 10, q: '%' })).chats).toEqual([]);
  });

  it('rejects a malformed cursor', async () => {
    await expect(store.chats.list({ limit: 10, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('throws NotFoundError for unknown chats', async () => {
    await expect(store.chats.get('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.chats.update('nope', { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.chats.delete('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.messages.branch('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.messages.append('nope', null, [user('hi')])).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.chats.get('nope')).rejects.toMatchObject({ code: 'not_found', httpStatus: 404 });
  });
});

describe('message tree', () => {
  it('appends a chain and makes its last message the current leaf', async () => {
    const chat = await store.chats.create({});
    const [q, a] = await append(chat.id, null, [
      user('Why is the sky blue?', { options: { temperature: 0.5 } }),
      assistant('', { status: 'queued' }),
    ]);
    expect(q).toMatchObject({ chatId: chat.id, parentId: null, role: 'user', status: 'complete', siblingIds: [q.id] });
    expect(a).toMatchObject({ parentId: q.id, role: 'assistant', status: 'queued', model: 'llama3.2:latest' });
    expect(a).toMatchObject({
      content: '',
      thinking: '',
      error: null,
      metrics: null,
      attachments: [],
      siblingIds: [a.id],
    });
    expect(q.id < a.id).toBe(true);

    const reloaded = await store.chats.get(chat.id);
    expect(reloaded.currentLeafId).toBe(a.id);
    expect(reloaded.updatedAt >= chat.updatedAt).toBe(true);

    const [q2] = await append(chat.id, a.id, [user('And at sunset?')]);
    expect(q2.parentId).toBe(a.id);
    expect((await store.messages.branch(chat.id)).map((m) => m.id)).toEqual([q.id, a.id, q2.id]);
    expect(await store.messages.get(a.id)).toEqual(a);
  });

  it('shows branches: siblings, an explicit leaf, and descent from a non-leaf', async () => {
    const chat = await store.chats.create({});
    const [q, a1] = await append(chat.id, null, [user('Q'), assistant('A1')]);
    const [followUp, followUpAnswer] = await append(chat.id, a1.id, [user('Q2'), assistant('A2')]);
    const [a2] = await append(chat.id, q.id, [assistant('A1 regenerated')]);
    const [editedQ] = await append(chat.id, null, [user('Q edited')]);

    // Current leaf is the edited root, alone on its branch.
    const current = await store.messages.branch(chat.id);
    expect(current.map((m) => m.id)).toEqual([editedQ.id]);
    expect(at(current, 0).siblingIds).toEqual([q.id, editedQ.id]);

    // An explicit leaf picks its branch.
    const old = await store.messages.branch(chat.id, followUpAnswer.id);
    expect(old.map((m) => m.content)).toEqual(['Q', 'A1', 'Q2', 'A2']);
    expect(old.map((m) => m.siblingIds)).toEqual([
      [q.id, editedQ.id],
      [a1.id, a2.id],
      [followUp.id],
      [followUpAnswer.id],
    ]);

    // A non-leaf descends along the newest child.
    expect((await store.messages.branch(chat.id, q.id)).map((m) => m.id)).toEqual([q.id, a2.id]);
    expect((await store.messages.branch(chat.id, a1.id)).map((m) => m.id)).toEqual([
      q.id,
      a1.id,
      followUp.id,
      followUpAnswer.id,
    ]);

    expect((await store.messages.get(a2.id)).siblingIds).toEqual([a1.id, a2.id]);

    await store.chats.setCurrentLeaf(chat.id, followUpAnswer.id);
    expect((await store.messages.branch(chat.id)).map((m) => m.content)).toEqual(['Q', 'A1', 'Q2', 'A2']);
  });

  it('returns the path from the root to a message', async () => {
    const chat = await store.chats.create({});
    const [q, a, q2, a2] = await append(chat.id, null, [user('1'), assistant('2'), user('3'), assistant('4')]);
    expect((await store.messages.path(q2.id)).map((m) => m.id)).toEqual([q.id, a.id, q2.id]);
    expect((await store.messages.path(q.id)).map((m) => m.id)).toEqual([q.id]);
    expect((await store.messages.path(a2.id)).at(-1)?.siblingIds).toEqual([a2.id]);
  });

  it('returns no branch for an empty chat', async () => {
    const chat = await store.chats.create({});
    expect(await store.messages.branch(chat.id)).toEqual([]);
  });

  it('rejects a parent or leaf from another chat', async () => {
    const one = await store.chats.create({});
    const other = await store.chats.create({});
    const [foreign] = await append(other.id, null, [user('elsewhere')]);
    const before = store.writeCount;

    await expect(store.messages.append(one.id, foreign.id, [user('x')])).rejects.toBeInstanceOf(ValidationError);
    await expect(store.messages.append(one.id, 'missing', [user('x')])).rejects.toMatchObject({
      code: 'validation_error',
      httpStatus: 400,
    });
    await expect(store.messages.append(one.id, null, [])).rejects.toBeInstanceOf(ValidationError);
    // Rejected appends are validated before anything is written.
    expect(store.writeCount).toBe(before);
    await expect(store.chats.setCurrentLeaf(one.id, foreign.id)).rejects.toBeInstanceOf(ValidationError);
    await expect(store.messages.branch(one.id, foreign.id)).rejects.toBeInstanceOf(ValidationError);
    expect((await store.chats.get(one.id)).currentLeafId).toBeNull();
    expect(await store.messages.branch(one.id)).toEqual([]);
  });

  it('throws NotFoundError for unknown messages and attachments', async () => {
    await expect(store.messages.get('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.messages.path('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      store.messages.saveProgress('nope', { content: '', thinking: '', status: 'streaming' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      store.messages.finish('nope', { content: '', thinking: '', status: 'complete', error: null, metrics: null }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.messages.readAttachmentBase64('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.chats.setCurrentLeaf('nope', 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('attachments', () => {
  it('round-trips image bytes and metadata', async () => {
    const chat = await store.chats.create({});
    const [q] = await append(chat.id, null, [
      user('What is in these?', {
        attachments: [
          { kind: 'image', name: 'a.png', mime: 'image/png', data: PNG },
          { kind: 'image', name: 'b.jpg', mime: 'image/jpeg', data: JPEG },
        ],
      }),
    ]);
    expect(q.attachments).toEqual([
      { id: expect.any(String), kind: 'image', name: 'a.png', mime: 'image/png', size: PNG.length, sha256: sha(PNG) },
      {
        id: expect.any(String),
        kind: 'image',
        name: 'b.jpg',
        mime: 'image/jpeg',
        size: JPEG.length,
        sha256: sha(JPEG),
      },
    ]);
    expect(await store.messages.readAttachmentBase64(at(q.attachments, 0).id)).toBe(PNG.toString('base64'));
    expect(await store.messages.readAttachmentBase64(at(q.attachments, 1).id)).toBe(JPEG.toString('base64'));
    expect((await store.messages.branch(chat.id))[0]?.attachments).toEqual(q.attachments);
    expect(blobFiles()).toHaveLength(2);
  });

  it('stores identical bytes once', async () => {
    const chat = await store.chats.create({});
    const image = { kind: 'image' as const, name: 'a.png', mime: 'image/png', data: PNG };
    await store.messages.append(chat.id, null, [user('one', { attachments: [image, { ...image, name: 'copy.png' }] })]);
    await store.messages.append(chat.id, null, [user('two', { attachments: [image] })]);
    expect(blobFiles()).toHaveLength(1);
  });

  it('gives the context plan what it estimates from: files’ tokens, images, and a growing answer’s text', async () => {
    const chat = await store.chats.create({});
    const notes = Buffer.from('notes for the model\n'.repeat(40));
    const [q, a, q2, answer] = await append(chat.id, null, [
      user('Read these', {
        attachments: [
          { kind: 'text', name: 'notes.txt', mime: 'text/plain', data: notes, tokens: 321 },
          { kind: 'image', name: 'a.png', mime: 'image/png', data: PNG },
        ],
      }),
      assistant('Read them.'),
      user('And now?'),
      // A text that still grows has no stored estimate: the reader makes it.
      assistant('a partial answer that is still streaming', { status: 'streaming' }),
    ]);
    const costs = await store.messages.pathCosts(answer.id);
    expect(costs.map((m) => m.role)).toEqual([q.role, a.role, q2.role, answer.role]);
    expect(at(costs, 0).attachments).toEqual(
      expect.arrayContaining([{ kind: 'text', tokens: 321 }, { kind: 'image' }]),
    );
    expect(at(costs, 0).attachments).toHaveLength(2);
    expect(at(costs, 1).attachments).toEqual([]);
    expect(costs.map((m) => m.textTokens)).toEqual([q, a, q2, answer].map((m) => estimateTextTokens(m.content)));
    expect(at(costs, 3).status).toBe('streaming');
  });

  it('gives the context plan the counters an answer measured, and none for metrics it cannot read', async () => {
    const chat = await store.chats.create({});
    const [, measured, , broken, , bare] = await append(chat.id, null, [
      user('one'),
      assistant('measured'),
      user('two'),
      assistant('metrics that are not JSON'),
      user('three'),
      assistant('no metrics'),
    ]);
    const raw = new BetterSqlite3(path.join(dataDir, DB_FILE));
    const setMetrics = raw.prepare('UPDATE messages SET metrics_json = ? WHERE id = ?');
    setMetrics.run(
      JSON.stringify({ ttftMs: 12, promptEvalCount: 1234, droppedMessages: 2, evalCount: 9 }),
      measured.id,
    );
    setMetrics.run('{not json', broken.id);
    raw.close();
    const costs = await store.messages.pathCosts(bare.id);
    expect(costs.map((m) => m.metrics)).toEqual([
      undefined,
      { promptEvalCount: 1234, droppedMessages: 2 },
      undefined,
      null,
      undefined,
      null,
    ]);
  });

  it('leaves no blob behind when the append is rejected', async () => {
    const chat = await store.chats.create({});
    const attachments = [{ kind: 'image' as const, name: 'a.png', mime: 'image/png', data: PNG }];
    await expect(store.messages.append(chat.id, 'missing', [user('x', { attachments })])).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(blobFiles()).toEqual([]);
  });
});

describe('deleteChat', () => {
  it('deletes the tree and its unreferenced blobs, keeping blobs another chat shares', async () => {
    const doomed = await store.chats.create({});
    const kept = await store.chats.create({});
    const png = { kind: 'image' as const, name: 'a.png', mime: 'image/png', data: PNG };
    const jpeg = { kind: 'image' as const, name: 'b.jpg', mime: 'image/jpeg', data: JPEG };
    const [q] = await append(doomed.id, null, [
      user('zebra crossing', { attachments: [png, jpeg] }),
      assistant('zebra'),
    ]);
    await append(doomed.id, q.id, [assistant('another zebra')]);
    const [keptQ] = await append(kept.id, null, [user('same picture', { attachments: [png] })]);
    expect(blobFiles()).toHaveLength(2);

    await store.chats.delete(doomed.id);

    await expect(store.chats.get(doomed.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.messages.get(q.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.messages.readAttachmentBase64(at(q.attachments, 1).id)).rejects.toBeInstanceOf(NotFoundError);
    expect(blobFiles()).toEqual([createHash('sha256').update(PNG).digest('hex')]);
    expect(await store.messages.readAttachmentBase64(at(keptQ.attachments, 0).id)).toBe(PNG.toString('base64'));
    expect(ftsMatches('zebra')).toBe(0);

    const db = new BetterSqlite3(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count('messages')).toBe(1);
      expect(count('attachments')).toBe(1);
    } finally {
      db.close();
    }
  });
  it('deletes a chat whose branch is deeper than SQLite trigger recursion allows', async () => {
    const chat = await store.chats.create({});
    const chain = Array.from({ length: 1200 }, (_, i) =>
      i % 2 === 0 ? user(`deep question ${i}`) : assistant(`answer ${i}`),
    );
    await store.messages.append(chat.id, null, chain);
    expect(await store.messages.branch(chat.id)).toHaveLength(1200);
    await store.chats.delete(chat.id);
    await expect(store.chats.get(chat.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(ftsMatches('deep')).toBe(0);
  });
});

describe('streaming writes', () => {
  const metrics: GenerationMetrics = {
    ttftMs: 120,
    totalDurationMs: 2000,
    loadDurationMs: 10,
    promptEvalCount: 30,
    promptEvalDurationMs: 50,
    evalCount: 200,
    evalDurationMs: 1900,
    tokensPerSecond: 105.3,
    promptTokensPerSecond: 600,
    doneReason: 'stop',
  };

  it('saves progress and finishes an answer with metrics', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const chat = await store.chats.create({});
    const [, a] = await append(chat.id, null, [user('Tell me a story'), assistant('', { status: 'queued' })]);

    await store.messages.saveProgress(a.id, { content: 'Once upon', thinking: 'a story…', status: 'streaming' });
    expect(await store.messages.get(a.id)).toMatchObject({
      content: 'Once upon',
      thinking: 'a story…',
      status: 'streaming',
    });

    vi.advanceTimersByTime(5000);
    const done = await store.messages.finish(a.id, {
      content: 'Once upon a time.',
      thinking: 'a story…',
      status: 'complete',
      error: null,
      metrics,
      modelDigest: 'sha256:abc',
    });
    expect(done).toMatchObject({
      content: 'Once upon a time.',
      status: 'complete',
      metrics,
      modelDigest: 'sha256:abc',
    });
    expect(done.updatedAt).toBe('2025-01-01T00:00:05.000Z');
    expect((await store.chats.get(chat.id)).updatedAt).toBe('2025-01-01T00:00:05.000Z');
    expect(await store.messages.get(a.id)).toEqual(done);
  });

  it('stores an error answer and leaves the digest alone when none is given', async () => {
    const chat = await store.chats.create({});
    const [, a] = await append(chat.id, null, [user('Hi'), assistant('', { status: 'streaming' })]);
    const error = { code: 'ollama_dropped', message: 'Ollama closed the connection.' };
    const done = await store.messages.finish(a.id, {
      content: 'Hel',
      thinking: '',
      status: 'error',
      error,
      metrics: null,
    });
    expect(done).toMatchObject({ status: 'error', error, metrics: null, modelDigest: null, content: 'Hel' });
  });

  it('marks unfinished answers interrupted and keeps their partial content', async () => {
    const chat = await store.chats.create({});
    const [, streaming] = await append(chat.id, null, [user('1'), assistant('', { status: 'streaming' })]);
    const [queued] = await append(chat.id, streaming.id, [assistant('', { status: 'queued' })]);
    const [, finished] = await append(chat.id, null, [user('2'), assistant('done')]);
    await store.messages.saveProgress(streaming.id, { content: 'half an ans', thinking: 'hmm', status: 'streaming' });

    expect(await store.messages.markUnfinishedInterrupted()).toBe(2);
    const interrupted = await store.messages.get(streaming.id);
    expect(interrupted).toMatchObject({
      status: 'interrupted',
      content: 'half an ans',
      thinking: 'hmm',
      error: { code: 'interrupted', message: 'The server stopped before this answer was finished.' },
    });
    expect(await store.messages.get(queued.id)).toMatchObject({ status: 'interrupted', content: '' });
    expect(await store.messages.get(finished.id)).toMatchObject({ status: 'complete', error: null });
    expect(await store.messages.markUnfinishedInterrupted()).toBe(0);
  });

  it('counts write statements', async () => {
    const start = store.writeCount;
    const chat = await store.chats.create({});
    expect(store.writeCount).toBe(start + 1);
    const [, a] = await append(chat.id, null, [user('Q'), assistant('', { status: 'queued' })]);
    // One multi-row INSERT for the chain plus the chat's leaf update.
    expect(store.writeCount).toBe(start + 3);
    await store.messages.branch(chat.id);
    await store.messages.get(a.id);
    expect(store.writeCount).toBe(start + 3);
    for (let i = 0; i < 10; i += 1) {
      await store.messages.saveProgress(a.id, { content: 'x'.repeat(i), thinking: '', status: 'streaming' });
    }
    expect(store.writeCount).toBe(start + 13);
    await store.messages.finish(a.id, {
      content: 'done',
      thinking: '',
      status: 'complete',
      error: null,
      metrics: null,
    });
    // The message, its chat's updated_at, and its answer_metrics row (none without counters).
    expect(store.writeCount).toBe(start + 16);
  });
});

describe('full-text index', () => {
  it('follows inserts, updates and deletes', async () => {
    const chat = await store.chats.create({});
    const [, a] = await append(chat.id, null, [
      user('Tell me about platypus biology'),
      assistant('', { status: 'queued' }),
    ]);
    expect(ftsMatches('platypus')).toBe(1);
    expect(ftsMatches('echidna')).toBe(0);

    // Progress flushes of a streaming answer leave the index alone: it is indexed when it ends.
    await store.messages.saveProgress(a.id, { content: 'The echidna is related', thinking: '', status: 'streaming' });
    expect(ftsMatches('echidna')).toBe(0);
    await store.messages.finish(a.id, {
      content: 'Monotremes lay eggs',
      thinking: '',
      status: 'complete',
      error: null,
      metrics: null,
    });
    expect(ftsMatches('echidna')).toBe(0);
    expect(ftsMatches('monotremes')).toBe(1);
    // Continued (back to queued, then streaming): out of the index until it ends again.
    await store.messages.saveProgress(a.id, { content: 'Monotremes lay eggs and', thinking: '', status: 'queued' });
    expect(ftsMatches('monotremes')).toBe(0);
    await store.messages.finish(a.id, {
      content: 'Monotremes lay eggs and nurse',
      thinking: '',
      status: 'complete',
      error: null,
      metrics: null,
    });
    expect(ftsMatches('nurse')).toBe(1);

    const db = new BetterSqlite3(path.join(dataDir, DB_FILE));
    try {
      // rank = 1 makes FTS5 compare the index with the content table too; it throws on a mismatch.
      db.prepare("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)").run();
    } finally {
      db.close();
    }
    await store.chats.delete(chat.id);
    expect(ftsMatches('platypus')).toBe(0);
    expect(ftsMatches('monotremes')).toBe(0);
  });
});

describe('models seen and settings', () => {
  it('records model versions once per digest', async () => {
    await store.models.recordSeen('llama3.2:latest', 'sha256:1');
    await store.models.recordSeen('llama3.2:latest', 'sha256:1');
    await store.models.recordSeen('llama3.2:latest', 'sha256:2');
    const db = new BetterSqlite3(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT digest, first_seen <= last_seen AS ordered FROM models_seen ORDER BY digest')
        .all();
      expect(rows).toEqual([
        { digest: 'sha256:1', ordered: 1 },
        { digest: 'sha256:2', ordered: 1 },
      ]);
    } finally {
      db.close();
    }
  });

  it('merges settings patches', async () => {
    expect(await store.settings.get()).toEqual({});
    expect(await store.settings.update({ defaultModel: 'qwen3:8b' })).toEqual({ defaultModel: 'qwen3:8b' });
    expect(await store.settings.update({ defaultSystemPrompt: 'Be kind.' })).toEqual({
      defaultModel: 'qwen3:8b',
      defaultSystemPrompt: 'Be kind.',
    });
    expect(await store.settings.update({ defaultModel: null })).toEqual({
      defaultModel: null,
      defaultSystemPrompt: 'Be kind.',
    });
  });

  it('never hands out settings older than the last update, even from a read begun before it', async () => {
    // A fresh store: nothing read yet, so this read goes to the database, queued before the write.
    const begunBefore = store.settings.get();
    const updated = store.settings.update({ defaultModel: 'b' });
    expect((await begunBefore).defaultModel).toBeUndefined();
    expect((await updated).defaultModel).toBe('b');
    expect((await store.settings.get()).defaultModel).toBe('b');
    // A caller changing what it got does not change what the next caller gets.
    const got = await store.settings.get();
    got.defaultModel = 'changed by a caller';
    expect((await store.settings.get()).defaultModel).toBe('b');
  });
});

describe('opening and closing', () => {
  it('keeps data across reopening and re-running migrations', async () => {
    const chat = await store.chats.create({ title: 'Persisted' });
    const [q] = await append(chat.id, null, [user('remember me')]);
    await store.settings.update({ defaultModel: 'gemma3:4b' });
    await store.close();
    await store.close();

    store = await History.open({ dataDir, logger: createLogger('silent') });
    expect(await store.chats.get(chat.id)).toMatchObject({ title: 'Persisted', currentLeafId: q.id });
    expect((await store.messages.branch(chat.id)).map((m) => m.content)).toEqual(['remember me']);
    expect(await store.settings.get()).toEqual({ defaultModel: 'gemma3:4b' });
    expect(store.writeCount).toBe(0);

    const db = new BetterSqlite3(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      const names = db.prepare('SELECT name FROM kysely_migration ORDER BY name').all();
      expect(names).toEqual([
        { name: '001_initial' },
        { name: '002_messages_fts' },
        { name: '003_model_insights' },
        { name: '004_import_sources' },
        { name: '005_search' },
        { name: '006_presets' },
        { name: '007_image_generation' },
        { name: '008_message_edits' },
        { name: '009_file_attachments' },
        { name: '010_title_index_by_chat' },
        { name: '011_chats_by_creation' },
        { name: '012_content_tokens' },
        { name: '013_search_prefixes' },
      ]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('creates a missing data directory', async () => {
    const nested = path.join(dataDir, 'a', 'b');
    const other = await History.open({ dataDir: nested, logger: createLogger('silent') });
    await other.close();
    expect(fs.existsSync(path.join(nested, DB_FILE))).toBe(true);
  });
});
