/**
 * `toExportJson`: our lossless format (import-formats §5) as a stream of strings, one chat per
 * chunk and blobs last, so "export all" never builds the whole document in memory. Pure: bytes
 * that are not on the PortableChat come from the caller's `loadBlob`.
 */
import { EXPORT_FORMAT, EXPORT_VERSION } from './ours';
import type { PortableAttachment, PortableChat, PortableMessage } from './types';
import { encodeBase64 } from './values';

export interface ExportJsonOptions {
  exportedAt: string;
  appVersion: string;
  /**
   * `inline`: bytes in each attachment's `data`; `blobs`: once per sha256 in `blobs` after the chats
   * (an image used by many chats is written once); `none`: metadata only.
   */
  attachments?: 'inline' | 'blobs' | 'none';
  /** Bytes of an attachment whose `data` is null on the PortableChat (e.g. from the blob store). */
  loadBlob?: (sha256: string) => Promise<Uint8Array | null>;
}

type Json = Record<string, unknown>;

async function attachmentJson(
  a: PortableAttachment & { sha256: string },
  options: ExportJsonOptions,
  pending: Map<string, Uint8Array | null>,
): Promise<Json> {
  const out: Json = { sha256: a.sha256, kind: a.kind, name: a.name, mime: a.mime, size: a.size };
  if (a.text !== undefined) out.text = a.text;
  const mode = options.attachments ?? 'inline';
  if (mode === 'inline') {
    const data = a.data ?? (await options.loadBlob?.(a.sha256)) ?? null;
    if (data) out.data = encodeBase64(data);
  } else if (mode === 'blobs' && !pending.has(a.sha256)) {
    // Keep bytes only when the caller cannot load them again later.
    pending.set(a.sha256, options.loadBlob ? null : a.data);
  }
  return out;
}

async function messageJson(
  m: PortableMessage,
  options: ExportJsonOptions,
  pending: Map<string, Uint8Array | null>,
): Promise<Json> {
  const out: Json = {
    id: m.sourceId,
    parentId: m.parentSourceId,
    role: m.role,
    content: m.content,
    thinking: m.thinking,
    status: m.status,
  };
  if (m.error) out.error = m.error;
  out.createdAt = m.createdAt;
  out.updatedAt = m.updatedAt;
  if (m.model !== null) out.model = m.model;
  if (m.modelDigest !== undefined) out.modelDigest = m.modelDigest;
  if (m.options !== undefined) out.options = m.options;
  if (m.metrics !== undefined) out.metrics = m.metrics;
  if (m.toolCalls !== undefined) out.toolCalls = m.toolCalls;
  if (m.edited) out.edited = true;
  if (m.imageGeneration != null) out.imageGeneration = m.imageGeneration as Json;
  if (m.attachments !== undefined) {
    const real = m.attachments.filter((a): a is PortableAttachment & { sha256: string } => a.sha256 !== null);
    out.attachments = await Promise.all(real.map((a) => attachmentJson(a, options, pending)));
  }
  return out;
}

export async function chatJson(
  chat: PortableChat,
  options: ExportJsonOptions,
  pending = new Map<string, Uint8Array | null>(),
): Promise<Json> {
  const origin = chat.origin ?? (chat.source.app === 'ollama-chat' ? null : { ...chat.source, importedAt: null });
  const messages: Json[] = [];
  for (const m of chat.messages) messages.push(await messageJson(m, options, pending));
  return {
    id: chat.source.id,
    title: chat.title,
    createdAt: chat.createdAt,
    updatedAt: chat.updatedAt,
    model: chat.model,
    systemPrompt: chat.systemPrompt,
    options: chat.options,
    pinned: chat.pinned,
    archived: chat.archived,
    tags: chat.tags,
    currentLeafId: chat.currentLeafSourceId,
    source: origin,
    messages,
  };
}

export async function* toExportJson(
  chats: Iterable<PortableChat> | AsyncIterable<PortableChat>,
  options: ExportJsonOptions,
): AsyncGenerator<string> {
  const head = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: options.exportedAt,
    app: { name: 'ollama-chat', version: options.appVersion },
  };
  yield `${JSON.stringify(head).slice(0, -1)},"chats":[`;
  const pending = new Map<string, Uint8Array | null>();
  let first = true;
  for await (const chat of chats) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(await chatJson(chat, options, pending))}`;
    first = false;
  }
  yield '\n]';
  if (pending.size > 0) {
    yield ',"blobs":{';
    let firstBlob = true;
    for (const [sha256, kept] of pending) {
      const data = kept ?? (await options.loadBlob?.(sha256)) ?? null;
      if (!data) continue;
      yield `${firstBlob ? '\n' : ',\n'}${JSON.stringify(sha256)}:${JSON.stringify(encodeBase64(data))}`;
      firstBlob = false;
    }
    yield '\n}';
  }
  yield '}\n';
}
