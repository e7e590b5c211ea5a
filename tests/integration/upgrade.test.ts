/**
 * Upgrades never lose data: a database built with the schema of every earlier migration step and
 * filled with rows is migrated to the latest; every row survives, a backup named after its schema
 * version is left next to it (the newest 3 kept), and a database from a newer release is refused.
 * A new migration needs nothing here: the steps come from MIGRATIONS.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase, registerSqlFunctions } from '../../src/backend/history-manager/database';
import {
  BACKUPS_KEPT,
  DatabaseFromNewerVersionError,
  listBackups,
  prepareForMigration,
} from '../../src/backend/history-manager/db-backup';
import { MIGRATIONS, migrationProviderUpTo } from '../../src/backend/history-manager/migrations';
import { estimateTextTokens } from '../../src/shared/token-estimate';
import { createLogger } from '../../src/utils/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-upgrade-'));
  dirs.push(d);
  return d;
}

function rawSqlite(file: string): BetterSqlite3.Database {
  const s = new BetterSqlite3(file);
  s.pragma('foreign_keys = ON');
  registerSqlFunctions(s);
  return s;
}

/** A database as the release whose last migration was `last` left it. */
async function buildAt(file: string, last: string): Promise<void> {
  const sqlite = rawSqlite(file);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: migrationProviderUpTo(last) }).migrateToLatest();
  await db.destroy();
  if (error) throw error;
}

const CHATS = 20;
const MESSAGES_PER_CHAT = 6;

/** Rows in the tables of the first schema (every later one keeps them). */
function fill(file: string): void {
  const s = rawSqlite(file);
  const t = '2026-01-01T00:00:00.000Z';
  s.transaction(() => {
    for (let c = 0; c < CHATS; c++) {
      const chatId = `chat${c}`;
      s.prepare(
        `INSERT INTO chats (id, title, model, system_prompt, options_json, pinned, archived, created_at, updated_at, current_leaf_id)
         VALUES (?, ?, ?, ?, '{}', ?, 0, ?, ?, NULL)`,
      ).run(chatId, `Title ${c} ✓ <b>`, c % 2 ? 'llama3.2' : 'Qwen3:8B', `prompt ${c}`, c % 3 === 0 ? 1 : 0, t, t);
      let parent: string | null = null;
      for (let m = 0; m < MESSAGES_PER_CHAT; m++) {
        const id = `${chatId}-m${m}`;
        s.prepare(
          `INSERT INTO messages (id, chat_id, parent_id, role, content, thinking, status, model, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)`,
        ).run(
          id,
          chatId,
          parent,
          m % 2 ? 'assistant' : 'user',
          `content ${c}/${m} 日本語`,
          m === MESSAGES_PER_CHAT - 1 ? 'interrupted' : 'done',
          m % 2 ? 'llama3.2' : null,
          t,
          t,
        );
        parent = id;
      }
      s.prepare('UPDATE chats SET current_leaf_id = ? WHERE id = ?').run(parent, chatId);
      s.prepare(
        `INSERT INTO attachments (id, message_id, kind, name, mime, size, sha256, text, blob_path)
         VALUES (?, ?, 'image', 'a.png', 'image/png', 3, ?, NULL, ?)`,
      ).run(`att${c}`, `${chatId}-m0`, `sha${c}`, `blobs/sha${c}`);
    }
    s.prepare("INSERT INTO settings (key, value_json) VALUES ('defaultModel', '\"llama3.2\"')").run();
    s.prepare("INSERT INTO models_seen (name, digest, first_seen, last_seen) VALUES ('llama3.2', 'd1', ?, ?)").run(
      t,
      t,
    );
  })();
  s.close();
}

type Row = Record<string, unknown>;
function snapshot(file: string): Record<string, Row[]> {
  const s = rawSqlite(file);
  const out: Record<string, Row[]> = {};
  for (const table of ['chats', 'messages', 'attachments', 'settings']) {
    out[table] = s.prepare(`SELECT * FROM ${table} ORDER BY 1`).all() as Row[];
  }
  s.close();
  return out;
}

const steps = Object.keys(MIGRATIONS).sort();
const earlier = steps.slice(0, -1);

describe('upgrading the database', () => {
  it.each(earlier)('keeps every row of a database at step %s when migrating to the latest', async (step) => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    await buildAt(file, step);
    fill(file);
    const before = snapshot(file);
    expect(before.messages).toHaveLength(CHATS * MESSAGES_PER_CHAT);

    const db = await openDatabase(dir);
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(steps);
    await db.destroy();

    const after = snapshot(file);
    for (const table of Object.keys(before)) {
      const keep = (rows: Row[]) =>
        rows.map((r) => Object.fromEntries(Object.keys(before[table]?.[0] ?? {}).map((k) => [k, r[k]])));
      expect(keep(after[table] ?? []), table).toEqual(before[table]);
    }
    const s = rawSqlite(file);
    expect(s.pragma('integrity_check', { simple: true })).toBe('ok');
    // Each text's estimate (step 012) is stored for the messages written before it (`fill` writes none itself).
    if (step < '012_content_tokens') {
      const texts = s.prepare('SELECT content, content_tokens FROM messages').all() as Row[];
      expect(texts.map((r) => r.content_tokens)).toEqual(texts.map((r) => estimateTextTokens(r.content as string)));
    }
    // Full-text search (step 002) indexes messages written before it existed; by two- and three-letter
    // prefixes too (step 013's prefix index), once each.
    const count = (match: string) =>
      (s.prepare('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?').get(match) as { n: number }).n;
    expect(count('content')).toBe(CHATS * MESSAGES_PER_CHAT);
    expect(count('co*')).toBe(CHATS * MESSAGES_PER_CHAT);
    expect(count('con*')).toBe(CHATS * MESSAGES_PER_CHAT);
    const index = s.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'").get() as { sql: string };
    expect(index.sql).toMatch(/prefix\s*=\s*'2 3'/);
    // The title index (step 005, keyed by chat since 010) holds every chat, found by title and by id.
    const titleHits = s.prepare("SELECT count(*) AS n FROM chats_fts WHERE chats_fts MATCH '{title} : title'").get();
    expect(titleHits).toEqual({ n: CHATS });
    const byId = s.prepare(`SELECT title FROM chats_fts WHERE chats_fts MATCH '{chat_id} : "chat7"'`).all();
    expect(byId).toEqual([{ title: 'Title 7 ✓ <b>' }]);
    s.close();

    const backups = listBackups(file);
    expect(backups).toHaveLength(1);
    const version = String(steps.indexOf(step) + 1).padStart(3, '0');
    expect(path.basename(backups[0] ?? '')).toContain(`.v${version}-${step}.`);
    expect(snapshot(backups[0] ?? '')).toEqual(before);
  });

  it('says it is upgrading before the backup and the migrations start, and how long they took', async () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const step = earlier.at(-1) ?? '';
    await buildAt(file, step);
    fill(file);
    // Each line with the number of backups there were when it was written.
    const lines: { msg: string; backups: number; pending?: string[]; migrations?: string[]; ms?: number }[] = [];
    const logger = createLogger('info', {
      write: (line: string) => {
        lines.push({ ...JSON.parse(line), backups: listBackups(file).length });
      },
    });
    await (await openDatabase(dir, logger)).destroy();
    const notice = lines.findIndex((l) => l.msg.startsWith('upgrading the database'));
    const done = lines.findIndex((l) => l.msg === 'database upgraded');
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(done).toBeGreaterThan(notice);
    expect(lines[notice]).toMatchObject({ backups: 0, pending: steps.slice(steps.indexOf(step) + 1) });
    expect(lines[done]).toMatchObject({ backups: 1, migrations: steps.slice(steps.indexOf(step) + 1) });
    expect(lines[done]?.ms).toEqual(expect.any(Number));

    // A new database, and one at the latest step, have nothing to announce.
    lines.length = 0;
    await (await openDatabase(dir, logger)).destroy();
    await (await openDatabase(tempDir(), logger)).destroy();
    expect(lines.map((l) => l.msg)).toEqual([]);
  });

  it('makes no backup of a new database or of one already at the latest step', async () => {
    const dir = tempDir();
    (await openDatabase(dir)).destroy();
    (await openDatabase(dir)).destroy();
    expect(listBackups(path.join(dir, DATABASE_FILE))).toEqual([]);
  });

  it(`keeps only the newest ${BACKUPS_KEPT} backups`, async () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    await buildAt(file, steps[0] ?? '');
    const s = rawSqlite(file);
    const made: string[] = [];
    for (let i = 0; i < BACKUPS_KEPT + 2; i++) {
      const b = await prepareForMigration(s, file, steps);
      if (b) made.push(b);
      await new Promise((r) => setTimeout(r, 5)); // distinct timestamps in the names
    }
    s.close();
    expect(made).toHaveLength(BACKUPS_KEPT + 2);
    expect(listBackups(file)).toEqual(made.slice(-BACKUPS_KEPT));
  });

  it('refuses a database from a newer release with a clear message and leaves it untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    (await openDatabase(dir)).destroy();
    const s = rawSqlite(file);
    s.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('999_from_the_future', '2030-01-01')").run();
    s.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    const bytes = readFileSync(file);
    await expect(openDatabase(dir)).rejects.toBeInstanceOf(DatabaseFromNewerVersionError);
    await expect(openDatabase(dir)).rejects.toThrow(/newer version.*999_from_the_future/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}.v`)).toBe(false);
    expect(listBackups(file)).toEqual([]);
  });
});
