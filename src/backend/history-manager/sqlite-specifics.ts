/**
 * Every SQLite-only construct the repositories use, by name, so another dialect (PostgreSQL) needs
 * its own version of this file and of database.ts / migrations.ts, not of the repositories.
 * The recursive message queries (message-queries.ts) and the metrics percentiles (metrics-queries.ts)
 * are standard SQL apart from SQLite's JSON aggregation; they are the other places a port would touch.
 * Full-text search is FTS5 throughout: search-repository.ts, fts-query.ts and migration 005.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

/**
 * Case-insensitive substring match of a chat title in any script. `casefold` is a function
 * registered on the connection (database.ts); PostgreSQL would use `position(lower($1) in lower(title))`.
 */
export function titleContains(lowercaseNeedle: string) {
  return sql<boolean>`instr(casefold(title), ${lowercaseNeedle}) > 0`;
}

/**
 * Answers left unfinished. Literal values, so SQLite can use the partial index `messages_unfinished`
 * (a bound parameter would not match the index's WHERE clause).
 */
export const UNFINISHED_STATUS = sql<boolean>`status IN ('queued', 'streaming')`;

/** The stored model name in canonical form (`canonical_model_name`, registered in database.ts). */
export const CANONICAL_MODEL_COLUMN = sql<string>`canonical_model_name(model)`;

/** Lets SQLite refresh its query planner statistics before the connection goes away. */
export async function optimizeBeforeClose(db: Kysely<Database>): Promise<void> {
  await sql`PRAGMA optimize`.execute(db);
}

/** Rows changed on this connection since it opened, trigger work included (SQLite's total_changes()). */
export async function totalRowChanges(db: Kysely<Database>): Promise<number> {
  const result = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
