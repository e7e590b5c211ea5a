/**
 * Opening a chat and building a model's context read a branch of messages. They must cost in
 * proportion to that branch, not to every message ever stored: SQLite's plan for them may look
 * messages up by key, never scan the messages table. A timing would be flaky; the plan is exact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History } from '../../src/backend/history-manager';
import { openDatabaseFile } from '../../src/backend/history-manager/database';
import { branchQuery, pathQuery } from '../../src/backend/history-manager/message-queries';
import type { Database } from '../../src/backend/history-manager/schema';
import { createLogger } from '../../src/utils/logger';

let dataDir: string;
let db: Kysely<Database>;
let sqlite: BetterSqlite3.Database;
let chatId: string;
let leafId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'query-plan-'));
  const store = await History.open({ dataDir, logger: createLogger('silent') });
  // A few chats, so the table is more than the branch asked for; then statistics, as a used database has.
  for (let c = 0; c < 5; c++) {
    const chat = await store.chats.create({ title: `chat ${c}` });
    const messages = await store.messages.append(
      chat.id,
      null,
      Array.from({ length: 20 }, (_, i) => ({
        role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content: `message ${i}`,
        status: 'complete' as const,
      })),
    );
    chatId = chat.id;
    leafId = messages.at(-1)?.id ?? '';
  }
  await store.close(); // runs PRAGMA optimize
  ({ db, sqlite } = await openDatabaseFile(dataDir, createLogger('silent')));
  sqlite.exec('ANALYZE');
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The plan's steps, one line each (e.g. `SEARCH m USING INDEX sqlite_autoindex_messages_1 (id=?)`). */
function planOf(query: { compile: (db: Kysely<Database>) => { sql: string; parameters: readonly unknown[] } }) {
  const compiled = query.compile(db);
  const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** A full pass over messages (or over one of its indexes): `SCAN m`, `SCAN messages USING COVERING INDEX …`. */
const scansMessages = (step: string) => /^SCAN (m|p|l|c|s|messages)\b/.test(step);

describe('branch reads look messages up by key', () => {
  it('a chat’s branch (GET /api/chats/:id/messages)', async () => {
    const plan = planOf(branchQuery(chatId, leafId));
    expect(plan.some((step) => step.startsWith('SEARCH m USING INDEX'))).toBe(true);
    expect(plan.filter(scansMessages)).toEqual([]);
    // And it is the branch: 20 messages, root first.
    const rows = (await branchQuery(chatId, leafId).execute(db)).rows;
    expect(rows.map((r) => r.content)).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`));
  });

  it('the path root → message (a model’s context)', async () => {
    const plan = planOf(pathQuery(leafId));
    expect(plan.some((step) => step.startsWith('SEARCH m USING INDEX'))).toBe(true);
    expect(plan.filter(scansMessages)).toEqual([]);
    const rows = (await pathQuery(leafId).execute(db)).rows;
    expect(rows).toHaveLength(20);
    expect(rows[0]?.parent_id).toBeNull();
  });
});
