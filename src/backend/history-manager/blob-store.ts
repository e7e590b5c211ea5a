/** Attachment bytes on disk under `<dataDir>/blobs/<sha256>`: content-addressed, so identical files are stored once. */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const BLOB_DIR = 'blobs';

export interface StoredBlob {
  sha256: string;
  /** Relative to the data directory (what the `attachments.blob_path` column holds). */
  blobPath: string;
  size: number;
  /** False when an identical blob was already on disk. */
  created: boolean;
}

export class BlobStore {
  readonly #dataDir: string;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  /**
   * Runs `fn` exclusively with other locked blob work. Writers hold it from writing a blob until
   * the rows that reference it are committed, so a concurrent delete never removes a blob that
   * is about to be referenced.
   */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async put(data: Buffer): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const blobPath = path.posix.join(BLOB_DIR, sha256);
    const target = this.#absolute(blobPath);
    if (await exists(target)) return { sha256, blobPath, size: data.length, created: false };

    // Private like the database: other local users must not read attachments.
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // Write then rename, so a crash never leaves a truncated file under the final name.
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(temporary, data, { mode: 0o600 });
    await fs.rename(temporary, target);
    return { sha256, blobPath, size: data.length, created: true };
  }

  read(blobPath: string): Promise<Buffer> {
    return fs.readFile(this.#absolute(blobPath));
  }

  /** File names in the blob directory (blobs and leftover `.tmp` files of interrupted writes). */
  async list(): Promise<string[]> {
    try {
      return await fs.readdir(this.#absolute(BLOB_DIR));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Removes a file of the blob directory by name (a blob or a leftover temporary file). */
  async removeFile(name: string): Promise<void> {
    await fs.rm(this.#absolute(path.posix.join(BLOB_DIR, path.basename(name))), { force: true });
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(this.#absolute(path.posix.join(BLOB_DIR, sha256)), { force: true });
  }

  #absolute(blobPath: string): string {
    return path.join(this.#dataDir, blobPath);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
