/**
 * Element-by-element JSON reading with @streamparser/json: the top-level array's items, or the
 * items of `conversations` / `chats` / `blobs` in a top-level object, are emitted one at a time
 * and dropped from the parser's memory, so a 1 GB file never becomes one string or one object.
 */
import { JSONParser } from '@streamparser/json';
import { ImportFormatError } from './errors';

export type JsonEvent =
  | { at: 'item'; list: 'root' | 'conversations' | 'chats'; index: number; value: unknown; byteOffset: number }
  | { at: 'blob'; key: string; value: unknown; byteOffset: number }
  | { at: 'envelope'; key: string; value: unknown; byteOffset: number };

const OBJECT_PATHS = ['$.conversations.*', '$.chats.*', '$.blobs.*', '$.format', '$.version', '$.exportedAt', '$.app'];

export interface JsonStreamProgress {
  /** Complete items emitted so far (for "broke after N conversations"). */
  items: number;
}

export async function* streamJson(
  chunks: AsyncIterable<Uint8Array>,
  topLevel: 'array' | 'object',
  file: string,
  progress: JsonStreamProgress = { items: 0 },
): AsyncGenerator<JsonEvent> {
  const parser = new JSONParser({
    paths: topLevel === 'array' ? ['$.*'] : OBJECT_PATHS,
    keepStack: false,
    // Byte buffering for strings: inline base64 images are megabytes long.
    stringBufferSize: 64 * 1024,
  });
  const queue: JsonEvent[] = [];
  let bytes = 0;
  let failure: Error | null = null;
  parser.onError = (error) => {
    failure ??= error;
  };
  parser.onValue = ({ value, key, stack }) => {
    const parentKey = stack.length >= 2 ? stack[1]?.key : undefined;
    if (stack.length === 1 && topLevel === 'array') {
      queue.push({ at: 'item', list: 'root', index: Number(key), value, byteOffset: bytes });
    } else if (stack.length === 1) {
      queue.push({ at: 'envelope', key: String(key), value, byteOffset: bytes });
    } else if (parentKey === 'blobs') {
      queue.push({ at: 'blob', key: String(key), value, byteOffset: bytes });
    } else if (parentKey === 'conversations' || parentKey === 'chats') {
      queue.push({ at: 'item', list: parentKey, index: Number(key), value, byteOffset: bytes });
    }
  };
  const check = (): void => {
    if (!failure) return;
    const position = /absolute position "(\d+)"/.exec(failure.message);
    const byteOffset = position ? Number(position[1]) : bytes;
    const truncated = /ended in the middle|Unexpected end/i.test(failure.message);
    const what = truncated ? 'is cut off (truncated)' : 'is not valid JSON';
    throw new ImportFormatError(
      'import_invalid_json',
      `${file} ${what} at byte ${byteOffset}, after ${progress.items} complete conversation(s); nothing was imported.`,
      { file, byteOffset, conversation: progress.items },
    );
  };
  for await (const chunk of chunks) {
    if (!parser.isEnded) parser.write(chunk);
    else if (chunk.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)) {
      failure ??= new Error(`Unexpected data after the end of the JSON document (absolute position "${bytes}")`);
    }
    bytes += chunk.byteLength;
    // Items completed before the broken spot are still yielded: the caller's transaction decides.
    while (queue.length > 0) {
      const event = queue.shift() as JsonEvent;
      if (event.at === 'item') progress.items++;
      yield event;
    }
    check();
  }
  if (!parser.isEnded) parser.end();
  while (queue.length > 0) yield queue.shift() as JsonEvent;
  check();
}
