/**
 * What runs before migrations touch a database: the data directory is made private, a database
 * from a newer release is refused, and a database about to be migrated is copied first.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../../utils/logger';

export const BACKUPS_KEPT = 3;
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** DATA_DIR holds every chat: only its owner may enter it (an existing directory is tightened). */
export function securePrivateDir(dir: string, logger?: Logger): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    fs.chmodSync(dir, PRIVATE_DIR);
    logger?.warn(
      { dir, was: `0${mode.toString(8)}`, now: '0700' },
      'the data directory was readable by other users; its mode was tightened',
    );
  }
}

/**
 * Creates the file 0600 if missing and tightens it if present. SQLite gives its -wal and -shm files
 * the mode of the database file, so this covers them when they are created afterwards.
 */
export function securePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  fs.chmodSync(file, PRIVATE_FILE);
  for (const side of [`${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(side)) fs.chmodSync(side, PRIVATE_FILE);
  }
}

export class DatabaseFromNewerVersionError extends Error {
  constructor(file: string, unknown: string[]) {
    super(
      `The database ${file} was written by a newer version of Ollama Chat (schema steps ${unknown.join(', ')} are unknown to this one). ` +
        'Start the newer version again, or move the data directory aside to start fresh; it was left untouched.',
    );
    this.name = 'DatabaseFromNewerVersionError';
  }
}

/** Names of the migrations already applied (none for a new database). */
export function appliedMigrations(sqlite: BetterSqlite3.Database): string[] {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
    .get();
  if (!table) return [];
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

export function backupFileName(dbFile: string, applied: string[]): string {
  const version = applied.at(-1) ?? 'empty';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${dbFile}.v${String(applied.length).padStart(3, '0')}-${version}.${stamp}.backup`;
}

/**
 * Refuses a newer database; backs up one that has pending steps (SQLite online backup) next to it,
 * keeping the newest BACKUPS_KEPT. Returns the backup's path, or null when none was needed.
 */
export async function prepareForMigration(
  sqlite: BetterSqlite3.Database,
  dbFile: string,
  known: string[],
  logger?: Logger,
  applied: string[] = appliedMigrations(sqlite),
): Promise<string | null> {
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new DatabaseFromNewerVersionError(dbFile, unknown);
  const pending = known.filter((name) => !applied.includes(name));
  if (applied.length === 0 || pending.length === 0) return null;

  const target = backupFileName(dbFile, applied);
  // Said before the work: with a long history the backup and the migrations take a while (a million messages:
  // about a minute), and the server answers nothing until they are done.
  logger?.info({ pending }, 'upgrading the database: backing it up first (a long history takes a while)');
  await sqlite.backup(target);
  fs.chmodSync(target, PRIVATE_FILE);
  logger?.info({ backup: target, pending }, 'database backed up before migrating');
  pruneBackups(dbFile);
  return target;
}

export function listBackups(dbFile: string): string[] {
  const dir = path.dirname(dbFile);
  const prefix = `${path.basename(dbFile)}.v`;
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.backup'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs || a.localeCompare(b));
}

function pruneBackups(dbFile: string): void {
  const backups = listBackups(dbFile);
  for (const old of backups.slice(0, Math.max(0, backups.length - BACKUPS_KEPT))) fs.rmSync(old, { force: true });
}
