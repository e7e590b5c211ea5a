/**
 * Work on one chat must cost in proportion to that chat, not to every chat or answer ever stored:
 * SQLite's plan for it may search a table or index by key, never read the whole of one. A timing
 * would be flaky; the plan is exact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History } from '../../src/backend/history-manager';
import { chatPageQuery } from '../../src/backend/history-manager/chat-exporter';
import { openDatabaseFile } from '../../src/backend/history-manager/database';
import {
  branchQuery,
  costsAboveQuery,
  newestQuery,
  pathCostsQuery,
  pathQuery,
  pathTurnsQuery,
  readCosts,
} from '../../src/backend/history-manager/message-queries';
import type { Database } from '../../src/backend/history-manager/schema';
import { estimateTextTokens } from '../../src/shared/token-estimate';
import { createLogger } from '../../src/utils/logger';

let dataDir: string;
let db: Kysely<Database>;
let sqlite: BetterSqlite3.Database;
let chatId: string;
/** A chat of 20 messages, and its last one. */
let branchChatId: string;
let leafId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-plan-'));
  const store = await History.open({ dataDir, logger: createLogger('silent') });
  for (let c = 0; c < 20; c++) {
    const chat = await store.chats.create({ title: `chat number ${c}` });
    await store.messages.append(chat.id, null, [{ role: 'user', content: `message ${c}`, status: 'complete' }]);
    chatId = chat.id;
  }
  const branchChat = await store.chats.create({ title: 'a long branch' });
  const messages = await store.messages.append(
    branchChat.id,
    null,
    Array.from({ length: 20 }, (_, i) => ({
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: `turn ${i}`,
      status: 'complete' as const,
    })),
  );
  branchChatId = branchChat.id;
  leafId = messages.at(-1)?.id ?? '';
  await store.close(); // runs PRAGMA optimize
  ({ db, sqlite } = await openDatabaseFile(dataDir, createLogger('silent')));
  sqlite.exec('ANALYZE');
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function planOfSql(text: string, parameters: readonly unknown[] = []): string[] {
  const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...parameters) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** A raw `sql` query's text and parameters, for `planOfSql`. */
function compiled(query: { compile: (db: Kysely<Database>) => { sql: string; parameters: readonly unknown[] } }) {
  const { sql: text, parameters } = query.compile(db);
  return [text, parameters] as const;
}

function planOf(query: { compile: () => { sql: string; parameters: readonly unknown[] } }): string[] {
  const compiled = query.compile();
  return planOfSql(compiled.sql, compiled.parameters);
}

/**
 * A trigger's statement, with `old.x` / `new.x` bound as parameters: EXPLAIN QUERY PLAN of the
 * statement that fires a trigger does not show the trigger's own plan.
 */
function triggerStatement(name: string): { text: string; parameters: string[] } {
  const row = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as
    | { sql: string }
    | undefined;
  const body = /\bBEGIN\b([\s\S]*?);?\s*END$/i.exec(row?.sql ?? '')?.[1];
  if (!body) throw new Error(`no trigger ${name}`);
  const values: Record<string, string> = { 'old.id': chatId, 'new.title': 'Renamed' };
  const parameters: string[] = [];
  const text = body.replace(/\b(old|new)\.\w+/g, (ref) => {
    parameters.push(values[ref] ?? '');
    return '?';
  });
  return { text, parameters };
}

describe('naming and deleting a chat touch only its row of the title index', () => {
  // `SCAN chats_fts VIRTUAL TABLE INDEX 0:` reads every row; `…:M…` is a MATCH, an index lookup.
  const readsWholeIndex = (step: string) => /VIRTUAL TABLE INDEX \d+:$/.test(step);

  it.each(['chats_fts_after_update', 'chats_fts_after_delete'])('%s', (trigger) => {
    const { text, parameters } = triggerStatement(trigger);
    const plan = planOfSql(text, parameters);
    expect(plan.some((step) => /VIRTUAL TABLE INDEX \d+:M/.test(step))).toBe(true);
    expect(plan.filter(readsWholeIndex)).toEqual([]);
  });

  it('still finds the row: a renamed chat is searched by its new title only', async () => {
    sqlite.prepare('UPDATE chats SET title = ? WHERE id = ?').run('Axolotl plans', chatId);
    const titles = (q: string) =>
      sqlite.prepare("SELECT chat_id FROM chats_fts WHERE chats_fts MATCH '{title} : ' || ?").all(q);
    expect(titles('axolotl')).toEqual([{ chat_id: chatId }]);
    expect(titles('"number 19"')).toEqual([]);
    sqlite.prepare('DELETE FROM chats WHERE id = ?').run(chatId);
    expect(titles('axolotl')).toEqual([]);
    expect(sqlite.prepare('SELECT count(*) AS n FROM chats_fts').get()).toEqual({ n: 20 });
  });
});

describe('exporting every chat reads it a page at a time', () => {
  it('each page after the first seeks to its place in creation order', async () => {
    const first = await chatPageQuery(db, null).execute();
    const last = first.at(-1);
    if (!last) throw new Error('no chats');
    const plan = planOf(chatPageQuery(db, { createdAt: last.created_at, id: last.id }));
    expect(plan).toEqual(['SEARCH chats USING INDEX chats_by_creation ((created_at,id)>(?,?))']);
    // The first page walks the index in order and stops after a page: no sort of every chat.
    expect(planOf(chatPageQuery(db, null))).toEqual(['SCAN chats USING INDEX chats_by_creation']);
  });
});

/**
 * The branch and path reads walk ids with a recursive CTE. Joined to messages with a plain JOIN,
 * SQLite's planner scanned the whole messages table and probed the walk: opening a 500-message chat
 * in a database of 112,500 messages took 67 ms of SQL instead of 6.
 */
describe('branch reads look messages up by key', () => {
  /** A full pass over messages (or one of its indexes): `SCAN m`, `SCAN messages USING COVERING INDEX …`. */
  const scansMessages = (step: string) => /^SCAN (m|p|l|c|s|messages)\b/.test(step);
  /**
   * A second lookup of each walked message by its id (`SEARCH m …`): the cost reads take what they need from the
   * walk itself. Only a text with no stored estimate is looked up again (`SEARCH c`, by the fallback).
   */
  const looksUpEachMessageAgain = (step: string) => /^SEARCH m\b/.test(step);

  it('a chat’s branch (GET /api/chats/:id/messages)', async () => {
    const { sql: text, parameters } = branchQuery(branchChatId, leafId).compile(db);
    const plan = planOfSql(text, parameters);
    expect(plan.some((step) => step.startsWith('SEARCH m USING INDEX'))).toBe(true);
    expect(plan.filter(scansMessages)).toEqual([]);
    const rows = (await branchQuery(branchChatId, leafId).execute(db)).rows;
    expect(rows.map((r) => r.content)).toEqual(Array.from({ length: 20 }, (_, i) => `turn ${i}`));
  });

  it('the path root → message (a model’s context)', async () => {
    const { sql: text, parameters } = pathQuery(leafId).compile(db);
    const plan = planOfSql(text, parameters);
    expect(plan.some((step) => step.startsWith('SEARCH m USING INDEX'))).toBe(true);
    expect(plan.filter(scansMessages)).toEqual([]);
    const rows = (await pathQuery(leafId).execute(db)).rows;
    expect(rows).toHaveLength(20);
    expect(rows[0]?.parent_id).toBeNull();
  });

  it('the turns a model’s context keeps: the newest of the path, by key, root-ward first', async () => {
    const plan = planOfSql(...compiled(pathTurnsQuery(leafId, 5)));
    expect(plan.some((step) => step.startsWith('SEARCH m USING INDEX'))).toBe(true);
    expect(plan.filter(scansMessages)).toEqual([]);
    const rows = (await pathTurnsQuery(leafId, 5).execute(db)).rows;
    expect(rows.map((r) => r.content)).toEqual(['turn 15', 'turn 16', 'turn 17', 'turn 18', 'turn 19']);
    expect(rows.map((r) => r.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('a page of a long chat and the summary above it (…/messages?limit= and ?before=)', async () => {
    const ends = [{ leaf: leafId }, { before: leafId }] as const;
    for (const end of ends) {
      const newestPlan = planOfSql(...compiled(newestQuery(branchChatId, end, 5)));
      expect(newestPlan.some((step) => step.startsWith('SEARCH m USING INDEX'))).toBe(true);
      expect(newestPlan.filter(scansMessages)).toEqual([]);
      // The costs are what the walk carried: each step looks its message up by key, and nothing else is read.
      const costsPlan = planOfSql(...compiled(costsAboveQuery(branchChatId, end, 5)));
      expect(costsPlan.some((step) => step.startsWith('SEARCH p USING INDEX'))).toBe(true);
      expect(costsPlan.filter(scansMessages)).toEqual([]);
      expect(costsPlan.filter(looksUpEachMessageAgain)).toEqual([]);
    }
    const newest = (await newestQuery(branchChatId, { leaf: leafId }, 5).execute(db)).rows;
    expect(newest.map((r) => r.content)).toEqual(['turn 15', 'turn 16', 'turn 17', 'turn 18', 'turn 19']);
    const above = readCosts((await costsAboveQuery(branchChatId, { before: leafId }, 5).execute(db)).rows);
    const branch = (await branchQuery(branchChatId, leafId).execute(db)).rows;
    // Root first, with ids.
    expect(above.map(([, id]) => id)).toEqual(branch.slice(0, 14).map((r) => r.id));
    expect(above.map(([, , role]) => role)).toEqual(branch.slice(0, 14).map((r) => r.role));
    // The stored estimate of each text, not the text.
    expect(above.map(([, , , , tokens]) => tokens)).toEqual(
      branch.slice(0, 14).map((r) => estimateTextTokens(r.content)),
    );
  });

  it('what a model’s context is planned from: the cost rows of the path root → message', async () => {
    const plan = planOfSql(...compiled(pathCostsQuery(leafId)));
    expect(plan.some((step) => step.startsWith('SEARCH p USING INDEX'))).toBe(true);
    expect(plan.filter(scansMessages)).toEqual([]);
    expect(plan.filter(looksUpEachMessageAgain)).toEqual([]);
    const costs = readCosts((await pathCostsQuery(leafId).execute(db)).rows);
    expect(costs).toHaveLength(20);
    expect(costs.map(([, , , , tokens]) => tokens)).toEqual(
      Array.from({ length: 20 }, (_, i) => estimateTextTokens(`turn ${i}`)),
    );
    // No ids here (the plan needs none), and no second walk for a message that is not there.
    expect(costs.every(([, id]) => id === null)).toBe(true);
    expect(readCosts((await pathCostsQuery('no-such-message').execute(db)).rows)).toEqual([]);
  });
});
