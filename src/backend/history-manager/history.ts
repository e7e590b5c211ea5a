/**
 * The one owner of the database: a handle shared by four repositories (chats; messages and their
 * attachment blobs; models and their metrics; settings). Callers see only the repositories, so a
 * second SQL backend would change database.ts, migrations.ts and sqlite-specifics.ts, not them.
 */

import { rm } from 'node:fs/promises';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { newIdFactory } from '../../utils/ids';
import type { Logger } from '../../utils/logger';
import { AttachmentBlobs } from './attachment-blobs';
import { BlobStore } from './blob-store';
import { ChatExporter } from './chat-exporter';
import { ChatRepository } from './chat-repository';
import { openDatabaseFile } from './database';
import { ImageResultRepository } from './image-results';
import { ImportWriter } from './import-writer';
import { MessageRepository } from './message-repository';
import { MessageTree } from './message-tree';
import { ModelRepository } from './model-repository';
import { PresetRepository } from './preset-repository';
import type { Database } from './schema';
import { SearchRepository } from './search-repository';
import { SettingsRepository } from './settings-repository';
import { optimizeBeforeClose, totalRowChanges } from './sqlite-specifics';
import { WriteCounter } from './write-counter';

const TEMP_DIR = 'tmp';

export interface HistoryOptions {
  dataDir: string;
  /** Required: cleanup failures and ignored settings are reported here, not swallowed. */
  logger: Logger;
}

export class History {
  readonly chats: ChatRepository;
  readonly messages: MessageRepository;
  readonly models: ModelRepository;
  readonly settings: SettingsRepository;
  readonly presets: PresetRepository;
  /** Import (issue #9): one file in one transaction. */
  readonly imports: ImportWriter;
  /** Export (issue #9): rows → PortableChat. */
  readonly exports: ChatExporter;
  readonly #sqlite: BetterSqlite3.Database;
  readonly #dataDir: string;
  readonly search: SearchRepository;
  /** Fork, edited answers, subtree deletion (issue 11). */
  readonly tree: MessageTree;
  /** Image answers: their pictures and records (migration 007). */
  readonly images: ImageResultRepository;
  readonly #db: Kysely<Database>;
  readonly #writes: WriteCounter;
  readonly #blobs: AttachmentBlobs;
  readonly #logger: Logger;
  /** The start-up sweep of leftover files, awaited before closing. */
  #sweep: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(
    db: Kysely<Database>,
    sqlite: BetterSqlite3.Database,
    dataDir: string,
    writes: WriteCounter,
    logger: Logger,
  ) {
    this.#db = db;
    this.#sqlite = sqlite;
    this.#dataDir = dataDir;
    this.#writes = writes;
    // One id source for chats and messages: monotonic within the process, so ids sort by creation.
    const newId = newIdFactory();
    const blobs = new AttachmentBlobs(db, new BlobStore(dataDir), logger);
    this.#blobs = blobs;
    this.#logger = logger;
    this.chats = new ChatRepository(db, blobs, newId);
    this.messages = new MessageRepository(db, blobs, newId, logger);
    this.models = new ModelRepository(db);
    this.settings = new SettingsRepository(db, logger);
    this.presets = new PresetRepository(db, newId);
    this.imports = new ImportWriter(db, blobs, newId, logger);
    this.exports = new ChatExporter(db, blobs);
    this.search = new SearchRepository(db);
    this.tree = new MessageTree(db, blobs, newId);
    this.images = new ImageResultRepository(db, blobs, newId, logger);
  }

  /** Creates `dataDir` if needed, opens the database file in it and applies pending migrations. */
  static async open(opts: HistoryOptions): Promise<History> {
    const { db, sqlite } = await openDatabaseFile(opts.dataDir, opts.logger);
    const writes = new WriteCounter();
    const history = new History(db.withPlugin(writes), sqlite, opts.dataDir, writes, opts.logger);
    // Before any request can put an upload there: what is in it now is a previous run's leftover.
    await rm(history.tempDir(), { recursive: true, force: true }).catch((err: unknown) =>
      opts.logger.warn({ err }, 'could not empty the temporary directory'),
    );
    // In the background: start-up does not wait for a directory listing.
    history.#sweep = history.sweepBlobs();
    return history;
  }

  /**
   * Removes blob files no attachment references (a previous run's leftovers). Never throws: a
   * leftover file only costs disk space.
   */
  async sweepBlobs(): Promise<void> {
    try {
      const removed = await this.#blobs.sweepOrphans();
      if (removed > 0) this.#logger.info({ removed }, 'removed attachment files no message references');
    } catch (err) {
      this.#logger.warn({ err }, 'could not sweep leftover files');
    }
  }

  /**
   * A consistent copy of the database in `target` (SQLite's online backup: readers and writers go
   * on meanwhile; pages written during the copy are copied again). Attachment files are not in it.
   */
  async backup(target: string): Promise<void> {
    await this.#sqlite.backup(target);
  }

  /**
   * Where temporary files go (import uploads, backups before they are sent): inside the data
   * directory, so they are on the same disk as the database rather than in a RAM-backed /tmp.
   */
  tempDir(): string {
    return path.join(this.#dataDir, TEMP_DIR);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sweep;
    try {
      await this.models
        .flushSeen()
        .catch((err: unknown) => this.#logger.warn({ err }, 'could not store model versions seen'));
      await optimizeBeforeClose(this.#db);
    } finally {
      await this.#db.destroy();
    }
  }

  /** Number of write statements executed (INSERT/UPDATE/DELETE) since open; for tests and benchmarks. */
  get writeCount(): number {
    return this.#writes.count;
  }

  /** The same writes by statement and table ("UPDATE messages" → n), for benchmarks that explain each write. */
  writesByStatement(): Map<string, number> {
    return this.#writes.byStatement();
  }

  /** Rows changed since open, including those changed by triggers (e.g. the search index); for benchmarks. */
  rowChanges(): Promise<number> {
    return totalRowChanges(this.#db);
  }
}
