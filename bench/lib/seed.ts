/**
 * Fills a data dir with chats. A template batch goes through the app's own History (so rows
 * look exactly like the app writes them, FTS triggers included); the rest are copies of those rows
 * with fresh ULIDs, inserted with better-sqlite3 in one transaction (10,000 chats in well under a
 * second instead of ~8 s of one-transaction-per-call).
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import type { NewMessage } from '../../src/backend/history-manager';
import { History } from '../../src/backend/history-manager';
import { DATABASE_FILE } from '../../src/backend/history-manager/database';
import type { GenerationMetrics } from '../../src/shared/api';
import { createLogger } from '../../src/utils/logger';

const WORDS = (
  'the quick brown fox jumps over a lazy dog while sqlite keeps every message safe and ' +
  'streaming tokens arrive from the local model in small pieces of markdown code tables math'
).split(' ');

/** `count` words of `list`, the same for the same seed (a linear congruential generator). */
function wordsOf(list: readonly string[], seed: number, count: number): string {
  const out: string[] = [];
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(list[(x >>> 8) % list.length] ?? 'word');
  }
  return out.join(' ');
}

const text = (seed: number, words: number) => wordsOf(WORDS, seed, words);

type Row = Record<string, unknown>;

export interface SeedResult {
  ms: number;
  chats: number;
  messages: number;
}

/** `chats` chats of `messagesPerChat` alternating user/assistant messages each. */
export async function seedChats(dataDir: string, chats: number, messagesPerChat: number): Promise<SeedResult> {
  const t0 = performance.now();
  const templateCount = Math.min(chats, 100);
  const store = await History.open({ dataDir, logger: createLogger('silent') });
  try {
    for (let i = 0; i < templateCount; i++) {
      const chat = await store.chats.create({ title: `Seeded chat ${i + 1}: ${text(i + 1, 4)}`, model: 'llama3.2' });
      const messages: NewMessage[] = Array.from({ length: messagesPerChat }, (_, j) => ({
        role: j % 2 === 0 ? 'user' : 'assistant',
        content: text(i * 31 + j + 7, j % 2 === 0 ? 12 : 60),
        status: 'complete',
        model: j % 2 === 0 ? null : 'llama3.2',
      }));
      await store.messages.append(chat.id, null, messages);
    }
  } finally {
    await store.close();
  }

  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const columns = (table: string) =>
      (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>)
        .map((c) => c.name)
        .filter((name) => name !== 'seq'); // messages.seq is the rowid: let SQLite number the copies
    const chatCols = columns('chats');
    const msgCols = columns('messages');
    const insert = (table: string, cols: string[]) =>
      db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    const insertChat = insert('chats', chatCols);
    const insertMessage = insert('messages', msgCols);
    const templateChats = db.prepare('SELECT * FROM chats ORDER BY id').all() as Row[];
    const templateMessages = db.prepare('SELECT * FROM messages ORDER BY seq').all() as Row[];
    const newId = monotonicFactory();
    const pick = (row: Row, cols: string[]) => Object.fromEntries(cols.map((c) => [c, row[c] ?? null]));

    db.transaction(() => {
      let copy = 0;
      for (let made = templateCount; made < chats; copy++) {
        const batch = templateChats.slice(0, chats - made);
        const chatIds = new Set(batch.map((c) => String(c.id)));
        const messages = templateMessages.filter((m) => chatIds.has(String(m.chat_id)));
        const ids = new Map<string, string>();
        for (const chat of batch) ids.set(String(chat.id), newId());
        for (const message of messages) ids.set(String(message.id), newId());
        const mapped = (id: unknown) => (id === null ? null : (ids.get(String(id)) ?? null));
        for (const chat of batch) {
          const row = pick(chat, chatCols);
          row.id = mapped(chat.id);
          row.title = `${String(chat.title)} (copy ${copy + 1})`;
          row.current_leaf_id = mapped(chat.current_leaf_id);
          insertChat.run(row);
        }
        for (const message of messages) {
          const row = pick(message, msgCols);
          row.id = mapped(message.id);
          row.chat_id = mapped(message.chat_id);
          row.parent_id = mapped(message.parent_id);
          insertMessage.run(row);
        }
        made += batch.length;
      }
    })();
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const result = { ms: 0, chats: count('chats'), messages: count('messages') };
    db.pragma('wal_checkpoint(TRUNCATE)');
    result.ms = performance.now() - t0;
    return result;
  } finally {
    db.close();
  }
}

const CHAT_WORDS = (
  'the model answers with a short explanation of how local inference works and why the cache ' +
  'matters when a long conversation keeps growing over many days of careful use'
).split(' ');

const chatWords = (seed: number, n: number) => wordsOf(CHAT_WORDS, seed, n);

/** An answer of 1–4 paragraphs, sometimes a list, sometimes a code block: rows of ~150–600 px in the GUI. */
function chatAnswer(seed: number): string {
  const parts: string[] = [];
  const paragraphs = 1 + (seed % 4);
  for (let p = 0; p < paragraphs; p++) parts.push(`${chatWords(seed * 7 + p, 25 + ((seed + p) % 40))}.`);
  if (seed % 3 === 0) parts.push(['- first point', '- second point', '- third point'].join('\n'));
  if (seed % 5 === 0) parts.push(['```js', 'const answer = 42;', 'console.log(answer);', '```'].join('\n'));
  return parts.join('\n\n');
}

/** One chat per size, of that many alternating questions and answers, through the app's own History: id by size. */
export async function seedLongChats(dataDir: string, sizes: readonly number[]): Promise<Map<number, string>> {
  const store = await History.open({ dataDir, logger: createLogger('silent') });
  const ids = new Map<number, string>();
  try {
    for (const n of sizes) {
      const chat = await store.chats.create({ title: `Long chat of ${n} messages`, model: 'llama3.2' });
      const messages: NewMessage[] = Array.from({ length: n }, (_, j) => ({
        role: j % 2 === 0 ? 'user' : 'assistant',
        content: j % 2 === 0 ? `${chatWords(j + 3, 8 + (j % 30))}?` : chatAnswer(j),
        status: 'complete',
        model: j % 2 === 0 ? null : 'llama3.2',
      }));
      // In batches: one INSERT per batch, under SQLite's limit of bound variables.
      let parent: string | null = null;
      for (let k = 0; k < messages.length; k += 200) {
        const stored = await store.messages.append(chat.id, parent, messages.slice(k, k + 200));
        parent = stored.at(-1)?.id ?? parent;
      }
      ids.set(n, chat.id);
    }
  } finally {
    await store.close();
  }
  measureAnswers(dataDir);
  return ids;
}

/**
 * Gives every seeded answer the metrics a real one has (the app stores them when an answer ends): Ollama's counters,
 * and how many earlier messages its context left out once the chat outgrew Ollama's default window. Without them a
 * long chat is cheaper to plan a context for and to show than any real one.
 */
function measureAnswers(dataDir: string): void {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  try {
    const answers = db
      .prepare("SELECT id, chat_id FROM messages WHERE role = 'assistant' AND metrics_json IS NULL ORDER BY seq")
      .all() as { id: string; chat_id: string }[];
    const set = db.prepare('UPDATE messages SET metrics_json = ? WHERE id = ?');
    const turnInChat = new Map<string, number>();
    db.transaction(() => {
      for (const { id, chat_id } of answers) {
        const turn = (turnInChat.get(chat_id) ?? 0) + 1;
        turnInChat.set(chat_id, turn);
        // About 150 tokens a turn: the default window of 4,096 holds the newest ~20 messages.
        const dropped = Math.max(0, 2 * turn - 20);
        const promptEvalCount = 150 * (2 * turn - 1 - dropped);
        const metrics: GenerationMetrics = {
          ttftMs: 180.4,
          totalDurationMs: 5210.7,
          loadDurationMs: 12.3,
          promptEvalCount,
          promptEvalDurationMs: 160.2,
          evalCount: 212,
          evalDurationMs: 5030.1,
          tokensPerSecond: 42.15,
          promptTokensPerSecond: 936.3,
          doneReason: 'stop',
          ...(dropped > 0 ? { droppedMessages: dropped } : {}),
        };
        set.run(JSON.stringify(metrics), id);
      }
    })();
  } finally {
    db.close();
  }
}
