/** Opens the SQLite file with the pragmas we rely on and brings its schema up to date. */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import { canonicalModelName } from '../../shared/model-name';
import { estimateTextTokens } from '../../shared/token-estimate';
import type { Logger } from '../../utils/logger';
import { appliedMigrations, prepareForMigration, securePrivateDir, securePrivateFile } from './db-backup';
import { MIGRATIONS, migrationProvider } from './migrations';
import type { Database } from './schema';

export const DATABASE_FILE = 'ollama-chat.sqlite';
const STATEMENT_CACHE_SIZE = 200;

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, so keep the recently
 * used ones keyed by their SQL text (the same query shape always compiles to the same text).
 */
function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(sqlText: string): SqliteStatement {
      const cached = cache.get(sqlText);
      if (cached) {
        cache.delete(sqlText);
        cache.set(sqlText, cached);
        return cached;
      }
      const statement = db.prepare(sqlText);
      cache.set(sqlText, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}

/** The functions our queries and migrations call, on a connection (the upgrade test's too). */
export function registerSqlFunctions(sqlite: BetterSqlite3.Database): void {
  // SQLite's lower()/LIKE fold ASCII only; titles are searched case-insensitively in any script.
  sqlite.function('casefold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  // Model names compare canonically (`llama3.2` ≡ `Llama3.2:latest`) in queries and migrations alike.
  sqlite.function('canonical_model_name', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? canonicalModelName(value) : value,
  );
  // A text's token estimate (`messages.content_tokens`, migration 012), for rows that have none stored.
  sqlite.function('estimate_text_tokens', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? estimateTextTokens(value) : null,
  );
}

export async function openDatabase(dataDir: string, logger?: Logger): Promise<Kysely<Database>> {
  return (await openDatabaseFile(dataDir, logger)).db;
}

/** Also hands back the better-sqlite3 handle, for what kysely cannot do (the online backup). */
export async function openDatabaseFile(
  dataDir: string,
  logger?: Logger,
): Promise<{ db: Kysely<Database>; sqlite: BetterSqlite3.Database }> {
  securePrivateDir(dataDir, logger);
  const file = path.join(dataDir, DATABASE_FILE);
  securePrivateFile(file);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  registerSqlFunctions(sqlite);

  const known = Object.keys(MIGRATIONS);
  // An upgrade's time, its backup included (what takes long with a long history).
  const started = performance.now();
  let applied: string[];
  try {
    applied = appliedMigrations(sqlite); // read once: the backup check and the skip below share it
    await prepareForMigration(sqlite, file, known, logger, applied);
  } catch (err) {
    sqlite.close();
    throw err;
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // A database at the latest step (every start but the first after an upgrade) skips the Migrator,
  // whose table introspection was a tenth of start-up with 10,000 chats (issue 12).
  if (known.every((name) => applied.includes(name))) return { db, sqlite };
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Could not migrate the database in ${dataDir} (migration ${failed})`, { cause: error });
  }
  // A new database is made in milliseconds; an upgrade is worth a line (it was announced before its backup, and
  // `ms` counts the backup too).
  if (applied.length > 0) {
    const ms = Math.round(performance.now() - started);
    logger?.info({ migrations: results?.map((r) => r.migrationName), ms }, 'database upgraded');
  }
  return { db, sqlite };
}
