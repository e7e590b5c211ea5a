/**
 * Attachment bytes (BlobStore files) kept consistent with the rows that reference them. Shared by
 * the chat repository (a deleted chat frees its blobs) and the message repository (an append writes them).
 */
import type { Kysely } from 'kysely';
import type { Logger } from '../../utils/logger';
import { NotFoundError } from '../errors';
import type { BlobStore } from './blob-store';
import type { Database } from './schema';

export interface StoredBlobBytes {
  bytes: Buffer;
  /** The name it was uploaded under (the oldest attachment holding these bytes). */
  name: string;
}

export class AttachmentBlobs {
  constructor(
    private readonly db: Kysely<Database>,
    readonly store: BlobStore,
    private readonly logger: Logger,
  ) {}

  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.store.withLock(fn);
  }

  async readBase64(attachmentId: string): Promise<string> {
    const row = await this.db
      .selectFrom('attachments')
      .select('blob_path')
      .where('id', '=', attachmentId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Attachment', attachmentId);
    try {
      return (await this.store.read(row.blob_path)).toString('base64');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('Attachment file', attachmentId);
      throw err;
    }
  }

  /** What a text or PDF attachment gives the model: a PDF's extracted text, a text file's own bytes. */
  async readText(attachmentId: string): Promise<string> {
    const row = await this.db
      .selectFrom('attachments')
      .select(['blob_path', 'text'])
      .where('id', '=', attachmentId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Attachment', attachmentId);
    if (row.text !== null) return row.text;
    try {
      return (await this.store.read(row.blob_path)).toString('utf8').replace(/^\uFEFF/, '');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('Attachment file', attachmentId);
      throw err;
    }
  }

  /** The bytes of a blob some attachment references; NotFoundError otherwise (a file left on disk is not served). */
  async readBySha256(sha256: string): Promise<StoredBlobBytes> {
    const row = await this.db
      .selectFrom('attachments')
      .select(['blob_path', 'name'])
      .where('sha256', '=', sha256)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Attachment', sha256);
    try {
      return { bytes: await this.store.read(row.blob_path), name: row.name };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('Attachment file', sha256);
      throw err;
    }
  }

  /** Deletes the blob files of `sha256s` that no attachment row references any more. */
  async removeUnreferenced(sha256s: readonly string[]): Promise<void> {
    if (sha256s.length === 0) return;
    const referenced = await this.db
      .selectFrom('attachments')
      .select('sha256')
      .distinct()
      .where('sha256', 'in', sha256s)
      .execute();
    const stillUsed = new Set(referenced.map((r) => r.sha256));
    for (const sha256 of sha256s) {
      if (stillUsed.has(sha256)) continue;
      try {
        await this.store.remove(sha256);
      } catch (err) {
        // The rows are gone already; a leftover file only costs disk space.
        this.logger.warn({ err, sha256 }, 'could not remove an unreferenced attachment blob');
      }
    }
  }

  /**
   * Deletes blob files no attachment references (left by a crash between a row delete and its file
   * delete, or by a process killed while writing). Holds the blob lock, so a blob written for rows
   * not yet committed is never taken for an orphan. Returns how many files went.
   */
  async sweepOrphans(): Promise<number> {
    return this.withLock(async () => {
      const names = await this.store.list();
      if (names.length === 0) return 0;
      const rows = await this.db.selectFrom('attachments').select('sha256').distinct().execute();
      const referenced = new Set(rows.map((r) => r.sha256));
      let removed = 0;
      for (const name of names) {
        if (referenced.has(name)) continue;
        await this.store.removeFile(name);
        removed++;
      }
      return removed;
    });
  }
}
