/** Byte sources: a path, bytes in memory, or a stream, all read as an async iterable of chunks. */
import { createReadStream } from 'node:fs';
import { ImportFormatError } from './errors';

export interface ImportSource {
  /** The uploaded file's name: used in messages and as the Markdown title fallback. */
  fileName: string;
  /** A file on disk. Preferred for zips (random access: the archive is never held in memory). */
  path?: string;
  bytes?: Uint8Array;
  /** A Node Readable or any async iterable of chunks; read once. */
  stream?: AsyncIterable<Uint8Array | string>;
}

const SLICE = 64 * 1024;

export async function* sourceChunks(source: ImportSource): AsyncGenerator<Uint8Array> {
  if (source.bytes) {
    for (let at = 0; at < source.bytes.byteLength; at += SLICE) yield source.bytes.subarray(at, at + SLICE);
    return;
  }
  const stream = source.stream ?? (source.path ? createReadStream(source.path, { highWaterMark: SLICE }) : null);
  if (!stream) throw new ImportFormatError('import_unknown_format', 'Nothing to import: the upload is empty.', {});
  for await (const chunk of stream) {
    yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
  }
}

/** Collects the rest of a stream, refusing more than `cap` bytes. */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>, cap: number, file: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > cap) throw new ImportFormatError('import_too_large', `${file} is larger than ${cap} bytes.`, { file });
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Peeks the first non-whitespace byte without losing any data. */
export async function firstByte(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ byte: number | null; head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let byte: number | null = null;
  let head: Uint8Array = new Uint8Array();
  while (byte === null) {
    const next = await iterator.next();
    if (next.done) break;
    let chunk = next.value;
    if (seen.length === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    seen.push(chunk);
    const at = chunk.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (at >= 0) {
      byte = chunk[at] as number;
      head = chunk.subarray(at);
    }
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    let finished = false;
    try {
      yield* seen;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      finished = true;
    } finally {
      // A caller that stops early (an error, a cancelled import) must not leave the file open.
      if (!finished) await iterator.return?.();
    }
  }
  return { byte, head, chunks: replay() };
}
