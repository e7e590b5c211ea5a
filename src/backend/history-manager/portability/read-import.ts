/**
 * `readImport`: any supported file -> a stream of ImportItems, one chat at a time.
 *
 * Contract for the caller (one import = one transaction): open a transaction, write each `chat`
 * item as it arrives (blobs by sha256 as `blob` items arrive), and commit only when the generator
 * finishes. If it throws an ImportFormatError, roll back: a broken or truncated file changes
 * nothing, and the error's `location` says where it broke (file, conversation, byte offset).
 */
import { collectBytes, firstByte, type ImportSource, sourceChunks } from './chunks';
import { ImportFormatError } from './errors';
import { importJson } from './json-import';
import { convertMarkdown } from './markdown-import';
import { looksLikeMarkdown, sniffStart } from './sniff';
import type { ImportItem, ImportReport, PortableChat } from './types';
import { readChatGptZip, type ZipLimits } from './zip';

export interface ImportLimits extends ZipLimits {
  /** A zip that arrives as a stream is buffered in memory up to this size (pass `path` instead). */
  maxZipBytesInMemory: number;
  maxMarkdownBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxUncompressedBytes: 4 * 1024 ** 3,
  maxEntries: 200_000,
  maxAssetBytes: 64 * 1024 ** 2,
  maxZipBytesInMemory: 512 * 1024 ** 2,
  maxMarkdownBytes: 32 * 1024 ** 2,
};

export interface ReadImportOptions {
  /** ISO time for formats without times; defaults to the current time. */
  now?: string;
  limits?: Partial<ImportLimits>;
}

export async function* readImport(source: ImportSource, options: ReadImportOptions = {}): AsyncGenerator<ImportItem> {
  const now = options.now ?? new Date().toISOString();
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const file = source.fileName;
  const first = await firstByte(sourceChunks(source));
  if (first.byte === null) {
    throw new ImportFormatError('import_unknown_format', `${file} is empty.`, { file, byteOffset: 0 });
  }
  const start = sniffStart(first.head);
  if (start === 'zip') {
    const archive = source.path
      ? { path: source.path }
      : { bytes: source.bytes ?? (await collectBytes(first.chunks, limits.maxZipBytesInMemory, file)) };
    yield* readChatGptZip(archive, file, now, limits);
    return;
  }
  if (start === 'json-array' || start === 'json-object') {
    yield* importJson(first.chunks, {
      file,
      now,
      topLevel: start === 'json-array' ? 'array' : 'object',
      resolveAsset: null,
    });
    return;
  }
  const bytes = await collectBytes(first.chunks, limits.maxMarkdownBytes, file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFormatError('import_unknown_format', `${file} is neither JSON, a zip, nor UTF-8 text.`, { file });
  }
  if (!looksLikeMarkdown(text)) {
    throw new ImportFormatError(
      'import_unknown_format',
      `${file} is text without "## User" / "## Assistant" headings: not a transcript this app can read.`,
      { file },
    );
  }
  yield { kind: 'format', format: 'markdown' };
  const converted = convertMarkdown(text, { file, index: 0, now });
  for (const note of converted.notes) yield { kind: 'note', note };
  if (converted.chat) yield { kind: 'chat', chat: converted.chat, location: { file, conversation: 0 } };
}

/** Adds one item to a report (the caller keeps the report next to its transaction). */
export function recordItem(report: ImportReport, item: ImportItem): void {
  switch (item.kind) {
    case 'format':
      report.format ??= item.format;
      break;
    case 'chat':
      report.imported.push({
        source: item.chat.source,
        title: item.chat.title,
        messages: item.chat.messages.length,
        location: item.location,
      });
      break;
    case 'blob':
      report.blobs++;
      break;
    case 'note':
      (item.note.level === 'skipped' ? report.skipped : report.warnings).push(item.note);
      break;
  }
}

export function emptyReport(): ImportReport {
  return { format: null, imported: [], skipped: [], warnings: [], blobs: 0 };
}

/** Reads a whole file into memory: for tests and small uploads. Throws like `readImport`. */
export async function collectImport(
  source: ImportSource,
  options: ReadImportOptions = {},
): Promise<{ chats: PortableChat[]; blobs: Map<string, Uint8Array>; report: ImportReport }> {
  const report = emptyReport();
  const chats: PortableChat[] = [];
  const blobs = new Map<string, Uint8Array>();
  for await (const item of readImport(source, options)) {
    recordItem(report, item);
    if (item.kind === 'chat') chats.push(item.chat);
    if (item.kind === 'blob') blobs.set(item.sha256, item.data);
  }
  return { chats, blobs, report };
}
