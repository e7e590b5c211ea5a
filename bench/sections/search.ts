/**
 * Full-text search (issue #9 goal: ≤ 50 ms median over 1,000,000 messages in 10,000 chats) and the
 * cost of keeping the index. The schema and triggers come from the app's own migrations; messages are
 * generated (Zipf-distributed words, so some are everywhere and most are rare) and inserted with
 * better-sqlite3 prepared statements in one transaction per growth step. Queries are timed through
 * History.search, i.e. what `GET /api/search` runs minus HTTP.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { History } from '../../src/backend/history-manager';
import { DATABASE_FILE } from '../../src/backend/history-manager/database';
import { createLogger } from '../../src/utils/logger';
import { removeTempDir, tempDir } from '../lib/children';
import { fmt, median, percentile } from '../lib/stats';
import { type Row, row } from '../lib/table';

const BUDGET_MS = 50;
const MESSAGES_PER_CHAT = 100;
const VOCABULARY = 50_000;
const FRENCH = ['café', 'crème', 'été', 'naïve', 'façade', 'résumé', 'déjà', 'über', 'señor', 'élève'];

/** Deterministic pseudo-random numbers in [0, 1), so every run measures the same data. */
export function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'nu',
  'ser',
  'tan',
  'vo',
  'ri',
  'bel',
  'do',
  'fen',
  'gu',
  'ho',
  'jin',
  'pa',
  'qua',
];

/** Word of rank `i` (0 = most frequent): a few real accented words among made-up ones. */
function word(i: number): string {
  if (i % 997 === 500) return FRENCH[Math.floor(i / 997) % FRENCH.length] as string;
  let n = i;
  let out = '';
  do {
    out += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return out;
}

const WORDS = Array.from({ length: VOCABULARY }, (_, i) => word(i));
/** Zipf (s = 1) cumulative weights, for sampling a rank by binary search. */
const CUMULATIVE = (() => {
  const c = new Float64Array(VOCABULARY);
  let sum = 0;
  for (let i = 0; i < VOCABULARY; i++) {
    sum += 1 / (i + 1);
    c[i] = sum;
  }
  for (let i = 0; i < VOCABULARY; i++) c[i] = (c[i] as number) / sum;
  return c;
})();

function sampleRank(u: number): number {
  let lo = 0;
  let hi = VOCABULARY - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((CUMULATIVE[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[sampleRank(rand())] as string);
  return out.join(' ');
}

/** Adds chats of MESSAGES_PER_CHAT messages (a user/assistant chain) until the database holds `total` messages. */
export function growTo(dataDir: string, total: number, rand: () => number): number {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const have = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    const insertChat = db.prepare(
      `INSERT INTO chats (id, title, model, created_at, updated_at, current_leaf_id) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const insertMessage = db.prepare(
      `INSERT INTO messages (id, chat_id, parent_id, role, content, status, model, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'complete', ?, ?, ?)`,
    );
    const newId = monotonicFactory();
    const models = ['llama3.2:latest', 'qwen3:8b', 'gemma3:4b', 'mistral:7b'];
    const start = Date.UTC(2025, 0, 1);
    db.transaction(() => {
      for (let made = have; made < total; made += MESSAGES_PER_CHAT) {
        const chatId = newId();
        const model = models[Math.floor(rand() * models.length)] as string;
        const ids = Array.from({ length: MESSAGES_PER_CHAT }, () => newId());
        const at = (k: number) => new Date(start + (made + k) * 30_000).toISOString();
        insertChat.run(chatId, sentence(rand, 4), model, at(0), at(MESSAGES_PER_CHAT), ids.at(-1));
        for (let k = 0; k < MESSAGES_PER_CHAT; k++) {
          const user = k % 2 === 0;
          insertMessage.run(
            ids[k],
            chatId,
            k === 0 ? null : ids[k - 1],
            user ? 'user' : 'assistant',
            sentence(rand, user ? 12 : 60),
            user ? null : model,
            at(k),
            at(k),
          );
        }
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The query mix: rare, mid and common words, prefixes (five letters, three), phrases, two words, diacritics folded, a filter. */
function queries(rand: () => number): Array<{ kind: string; q: string; model?: string }> {
  const pick = (lo: number, hi: number) => WORDS[lo + Math.floor(rand() * (hi - lo))] as string;
  const out: Array<{ kind: string; q: string; model?: string }> = [];
  for (let i = 0; i < 8; i++) {
    out.push({ kind: 'rare word', q: pick(5_000, VOCABULARY) });
    out.push({ kind: 'mid word', q: pick(200, 2_000) });
    out.push({ kind: 'two words', q: `${pick(50, 500)} ${pick(500, 5_000)}` });
    out.push({ kind: 'prefix', q: `${pick(300, 3_000).slice(0, 5)}*` });
    out.push({ kind: 'phrase', q: `"${pick(100, 1_000)} ${pick(100, 1_000)}"` });
    out.push({
      kind: 'diacritics',
      q: ['cafe', 'creme', 'resume', 'facade', 'deja', 'eleve', 'naive', 'ete'][i] ?? 'cafe',
    });
    out.push({ kind: 'word + model', q: pick(500, 5_000), model: 'qwen3:8b' });
    // What search as you type sends after three letters typed (the GUI adds the `*`).
    out.push({ kind: 'as you type, 3 letters', q: `${pick(300, 3_000).slice(0, 3)}*` });
  }
  out.push({ kind: 'common word', q: WORDS[3] as string });
  out.push({ kind: 'common word', q: WORDS[20] as string });
  return out;
}

interface Timing {
  kind: string;
  ms: number;
}

export async function timeQueries(dataDir: string, rand: () => number): Promise<Timing[]> {
  const history = await History.open({ dataDir, logger: createLogger('silent') });
  try {
    const mix = queries(rand);
    // Warm the page cache and statement cache once, as a running server would be.
    for (const q of mix.slice(0, 5)) await history.search.search({ q: q.q, limit: 20 });
    const timings: Timing[] = [];
    for (const q of mix) {
      const t0 = performance.now();
      await history.search.search({ q: q.q, model: q.model, limit: 20 });
      timings.push({ kind: q.kind, ms: performance.now() - t0 });
    }
    return timings;
  } finally {
    await history.close();
  }
}

/**
 * One answer as the app writes it (append user + queued answer, `flushes` progress flushes, finish),
 * counted by History: statements issued, and rows changed including trigger work on the index.
 */
async function answerCost(dataDir: string, flushes: number): Promise<{ statements: number; rows: number }> {
  const history = await History.open({ dataDir, logger: createLogger('silent') });
  try {
    const chat = await history.chats.create({ title: 'cost', model: 'llama3.2' });
    const statements0 = history.writeCount;
    const rows0 = await history.rowChanges();
    const [, answer] = await history.messages.append(chat.id, null, [
      { role: 'user', content: 'how do I index answers cheaply', status: 'complete' },
      { role: 'assistant', content: '', status: 'queued', model: 'llama3.2' },
    ]);
    if (!answer) throw new Error('no answer row');
    let content = '';
    for (let i = 0; i < flushes; i++) {
      content += ` token${i} and some more streamed words`;
      await history.messages.saveProgress(answer.id, { content, thinking: '', status: 'streaming' });
    }
    await history.messages.finish(answer.id, {
      content,
      thinking: '',
      status: 'complete',
      error: null,
      metrics: null,
    });
    return { statements: history.writeCount - statements0, rows: (await history.rowChanges()) - rows0 };
  } finally {
    await history.close();
  }
}

/** Same answer with the message index triggers replaced (bench only): none, or migration 002's per-flush ones. */
function replaceIndexTriggers(dataDir: string, mode: 'none' | 'per-flush'): void {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  try {
    for (const t of ['messages_fts_after_insert', 'messages_fts_after_delete', 'messages_fts_after_update']) {
      db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    }
    if (mode === 'per-flush') {
      db.exec(`CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content); END`);
      db.exec(`CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content); END`);
    }
  } finally {
    db.close();
  }
}

export async function searchBench(sizes: number[], flushes: number): Promise<Row[]> {
  const rows: Row[] = [];
  const dataDir = tempDir('search');
  try {
    await (await History.open({ dataDir, logger: createLogger('silent') })).close();
    const rand = random(20261203);
    for (const size of sizes) {
      const t0 = performance.now();
      const messages = growTo(dataDir, size, rand);
      const seedS = (performance.now() - t0) / 1000;
      process.stderr.write(`  ${fmt(messages, 0)} messages (grown in ${fmt(seedS, 1)} s, index included)\n`);
      const timings = await timeQueries(dataDir, random(7));
      const all = timings.map((t) => t.ms);
      const med = median(all);
      rows.push(
        row(
          `search, ${fmt(messages, 0)} messages in ${fmt(messages / MESSAGES_PER_CHAT, 0)} chats: median / p95 (${all.length} queries)`,
          `${fmt(med, 1)} / ${fmt(percentile(all, 95), 1)} ms`,
          `median ≤ ${BUDGET_MS} ms`,
          med <= BUDGET_MS,
        ),
      );
      if (size === sizes.at(-1)) {
        const kinds = [...new Set(timings.map((t) => t.kind))];
        for (const kind of kinds) {
          const ms = timings.filter((t) => t.kind === kind).map((t) => t.ms);
          rows.push(
            row(`   ${kind} (${ms.length}): median / max`, `${fmt(median(ms), 1)} / ${fmt(Math.max(...ms), 1)} ms`),
          );
        }
      }
    }
  } finally {
    removeTempDir(dataDir);
  }

  const costDir = tempDir('search-cost');
  try {
    const now = await answerCost(costDir, flushes);
    replaceIndexTriggers(costDir, 'none');
    const none = await answerCost(costDir, flushes);
    replaceIndexTriggers(costDir, 'per-flush');
    const old = await answerCost(costDir, flushes);
    const label = `1 answer, ${flushes} flushes`;
    rows.push(
      row(`index cost, ${label}: statements (app writes)`, `${now.statements} (no index: ${none.statements})`),
      row(
        `index cost, ${label}: rows changed incl. index (now / per-flush triggers before 005 / no index)`,
        `${now.rows} / ${old.rows} / ${none.rows}`,
      ),
      row(
        `   index writes per answer (rows changed beyond the no-index run): now / before`,
        `${now.rows - none.rows} / ${old.rows - none.rows}`,
      ),
    );
  } finally {
    removeTempDir(costDir);
  }
  return rows;
}
