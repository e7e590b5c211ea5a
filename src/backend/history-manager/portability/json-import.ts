/** JSON files (any of the JSON formats): stream elements, classify each, convert, yield items. */

import { convertChatGpt } from './chatgpt';
import type { AssetResolver } from './chatgpt-message';
import type { ConvertContext, Converted } from './convert-context';
import { describeLocation, ImportFormatError } from './errors';
import { convertHollama } from './hollama';
import { streamJson } from './json-stream';
import { convertOpenWebUi } from './openwebui';
import { convertOurChat, EXPORT_FORMAT, EXPORT_VERSION, readBlob } from './ours';
import { classifyElement, type ElementKind } from './sniff';
import type { ImportFormat, ImportItem, ImportLocation } from './types';
import type { JsonObject } from './values';

/** Unrecognized elements tolerated before the file is declared an unknown format. */
const UNKNOWN_LIMIT = 20;

const FORMAT_OF: Partial<Record<ElementKind, ImportFormat>> = {
  chatgpt: 'chatgpt',
  'open-webui': 'open-webui',
  hollama: 'hollama',
  'hollama-knowledge': 'hollama',
};

export interface JsonImportOptions {
  file: string;
  now: string;
  topLevel: 'array' | 'object';
  resolveAsset: AssetResolver | null;
  /** Set when the container already decided (zip = ChatGPT); the `format` item is not repeated. */
  expected?: ImportFormat;
}

async function convert(
  kind: ElementKind | 'ours',
  element: JsonObject,
  ctx: ConvertContext,
  options: JsonImportOptions,
): Promise<Converted> {
  switch (kind) {
    case 'ours':
      return convertOurChat(element, ctx);
    case 'chatgpt':
      return convertChatGpt(element, ctx, options.resolveAsset);
    case 'open-webui':
      return convertOpenWebUi(element, ctx);
    case 'hollama':
      return convertHollama(element, ctx);
    default: {
      const reason = kind === 'hollama-knowledge' ? 'knowledge, not a chat' : 'not a recognized chat';
      return {
        chat: null,
        notes: [{ level: 'skipped', reason, location: { file: ctx.file, conversation: ctx.index } }],
      };
    }
  }
}

export async function* importJson(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonImportOptions,
): AsyncGenerator<ImportItem> {
  const { file } = options;
  let format: ImportFormat | null = options.expected ?? null;
  let envelope: 'ours' | null = null;
  let version: unknown;
  let unknown = 0;
  let seen = 0;
  for await (const event of streamJson(chunks, options.topLevel, file)) {
    const location: ImportLocation = { file, byteOffset: event.byteOffset };
    if (event.at === 'envelope') {
      if (event.key === 'format' && event.value === EXPORT_FORMAT) envelope = 'ours';
      if (event.key === 'version') version = event.value;
      if (envelope === 'ours' && version !== undefined) checkVersion(version, location);
      if (envelope === 'ours' && format === null) {
        format = 'ollama-chat.export';
        yield { kind: 'format', format };
      }
      continue;
    }
    if (event.at === 'blob') {
      const blob = readBlob(event.key, event.value);
      if ('problem' in blob) yield { kind: 'note', note: { level: 'warning', reason: blob.problem, location } };
      else yield { kind: 'blob', sha256: blob.sha256, data: blob.data, location };
      continue;
    }
    seen++;
    const ctx: ConvertContext = { file, index: event.index, now: options.now };
    const itemLocation: ImportLocation = { file, conversation: event.index, byteOffset: event.byteOffset };
    let kind: ElementKind | 'ours';
    if (event.list === 'chats') {
      if (envelope !== 'ours') throw unknownFormat(file, 'a "chats" list without "format": "ollama-chat.export"');
      kind = 'ours';
    } else {
      kind = classifyElement(event.value);
    }
    if (kind === 'hollama-servers') {
      throw new ImportFormatError(
        'import_refused',
        `${file} looks like Hollama's servers file, which can hold API keys. It was not read; export "Sessions" instead.`,
        itemLocation,
      );
    }
    const elementFormat = kind === 'ours' ? 'ollama-chat.export' : FORMAT_OF[kind];
    if (!elementFormat) {
      if (++unknown >= UNKNOWN_LIMIT && format === null) throw unknownFormat(file, `the first ${unknown} entries`);
    } else if (format === null) {
      format = elementFormat;
      yield { kind: 'format', format };
    } else if (elementFormat !== format && !(format === 'chatgpt-zip' && elementFormat === 'chatgpt')) {
      const reason = `looks like ${elementFormat} inside a ${format} file; skipped`;
      yield { kind: 'note', note: { level: 'skipped', reason, location: itemLocation } };
      continue;
    }
    let converted: Converted;
    try {
      converted = await convert(kind, event.value as JsonObject, ctx, options);
    } catch (error) {
      if (error instanceof ImportFormatError) throw error;
      const where = describeLocation(itemLocation);
      throw new ImportFormatError(
        'import_invalid_chat',
        `Could not read ${where}: ${(error as Error).message}`,
        itemLocation,
      );
    }
    for (const note of converted.notes)
      yield { kind: 'note', note: { ...note, location: { ...note.location, byteOffset: event.byteOffset } } };
    if (converted.chat)
      yield {
        kind: 'chat',
        chat: converted.chat,
        location: { ...itemLocation, conversationId: converted.chat.source.id },
      };
  }
  if (format === null && (seen > 0 || (options.topLevel === 'object' && envelope === null))) {
    throw unknownFormat(file, seen > 0 ? `its ${seen} entries` : 'its top-level object');
  }
  if (format === null) yield { kind: 'format', format: 'empty' };
}

function checkVersion(version: unknown, location: ImportLocation): void {
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1 && version <= EXPORT_VERSION) return;
  throw new ImportFormatError(
    'import_unsupported_version',
    `${location.file} is version ${String(version)} of the ollama-chat export; this app reads up to version ${EXPORT_VERSION}. Update the app.`,
    location,
  );
}

function unknownFormat(file: string, what: string): ImportFormatError {
  return new ImportFormatError(
    'import_unknown_format',
    `${file}: none of ${what} looks like a ChatGPT, Open WebUI, Hollama or ollama-chat export.`,
    { file },
  );
}
