/**
 * ChatGPT export archives (§1.1): `conversations.json` or `conversations-NNN.json`, plus uploaded
 * files `file-<id>-<name>` used as attachments. Entries are only ever read into memory, never
 * written to disk; unsafe names (zip-slip, absolute, symlinks) are still refused so nothing
 * downstream can be tricked, and sizes are capped against zip bombs.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { AssetResolver } from './chatgpt-message';
import { firstByte } from './chunks';
import { ImportFormatError } from './errors';
import { importJson } from './json-import';
import type { ImportItem, ImportNote } from './types';

export interface ZipLimits {
  /** Sum of declared uncompressed sizes of the entries we may read. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** One attachment's bytes. */
  maxAssetBytes: number;
}

const CONVERSATIONS = /^(?:[^/]+\/)?conversations(?:-(\d+))?\.json$/;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export function unsafeEntryName(name: string, externalAttributes: number): string | null {
  if (((externalAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'symbolic link';
  if (name.includes('\\')) return 'backslash in the path';
  if (name.startsWith('/') || /^[a-z]:/i.test(name)) return 'absolute path';
  if (name.split('/').includes('..')) return '".." in the path (zip-slip)';
  if (name.includes('\0')) return 'NUL in the path';
  return null;
}

async function* bytesOf(stream: Readable, name: string, cap: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > cap) {
      stream.destroy();
      throw new ImportFormatError('import_too_large', `${name} in the archive is larger than ${cap} bytes.`, {
        file: name,
      });
    }
    yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

async function collect(stream: Readable, name: string, cap: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of bytesOf(stream, name, cap)) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

export async function* readChatGptZip(
  archive: { path?: string; bytes?: Uint8Array },
  file: string,
  now: string,
  limits: ZipLimits,
): AsyncGenerator<ImportItem> {
  const options = { lazyEntries: true, decodeStrings: false, autoClose: false, validateEntrySizes: true };
  let zip: yauzl.ZipFile;
  try {
    zip = archive.path
      ? await yauzl.openPromise(archive.path, options)
      : await yauzl.fromBufferPromise(Buffer.from(archive.bytes ?? new Uint8Array()), options);
  } catch (error) {
    throw new ImportFormatError(
      'import_invalid_zip',
      `${file} is not a readable zip archive: ${(error as Error).message}`,
      { file },
    );
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ImportFormatError(
        'import_too_large',
        `${file} has ${zip.entryCount} entries (limit ${limits.maxEntries}).`,
        { file },
      );
    }
    const conversations: Array<{ name: string; entry: yauzl.Entry; order: number }> = [];
    const assets: Array<{ base: string; entry: yauzl.Entry }> = [];
    const refused: ImportNote[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      const raw = entry.fileName as unknown as Buffer;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
      const unsafe = unsafeEntryName(name, entry.externalFileAttributes);
      if (unsafe) {
        refused.push({
          level: 'skipped',
          reason: `unsafe zip entry refused: ${unsafe}`,
          location: { file: `${file}:${name}` },
        });
        continue;
      }
      if (name.endsWith('/')) continue;
      const match = CONVERSATIONS.exec(name);
      const base = name.slice(name.lastIndexOf('/') + 1);
      if (match) conversations.push({ name, entry, order: match[1] === undefined ? -1 : Number(match[1]) });
      else if (base.startsWith('file-') || base.startsWith('file_')) assets.push({ base, entry });
      else continue;
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) {
        throw new ImportFormatError(
          'import_too_large',
          `${file} unpacks to more than ${limits.maxUncompressedBytes} bytes.`,
          { file },
        );
      }
    }
    for (const note of refused) yield { kind: 'note', note };
    if (conversations.length === 0) {
      throw new ImportFormatError('import_unknown_format', `${file} has no conversations.json: not a ChatGPT export.`, {
        file,
      });
    }
    yield { kind: 'format', format: 'chatgpt-zip' };
    const resolveAsset: AssetResolver = async (assetId) => {
      const found = assets.find(
        (a) => a.base === assetId || a.base.startsWith(`${assetId}-`) || a.base.startsWith(`${assetId}.`),
      );
      if (!found) return null;
      const stream = await zip.openReadStreamPromise(found.entry);
      const name = found.base.startsWith(`${assetId}-`) ? found.base.slice(assetId.length + 1) : found.base;
      return { name, data: await collect(stream, found.base, limits.maxAssetBytes) };
    };
    conversations.sort((a, b) => a.order - b.order);
    for (const { name, entry } of conversations) {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks = bytesOf(stream, name, limits.maxUncompressedBytes);
      const first = await firstByte(chunks);
      if (first.byte !== 0x5b && first.byte !== 0x7b) {
        throw new ImportFormatError('import_invalid_json', `${name} in ${file} is not JSON.`, {
          file: name,
          byteOffset: 0,
        });
      }
      yield* importJson(first.chunks, {
        file: name,
        now,
        topLevel: first.byte === 0x5b ? 'array' : 'object',
        resolveAsset,
        expected: 'chatgpt-zip',
      });
    }
  } finally {
    zip.close();
  }
}
