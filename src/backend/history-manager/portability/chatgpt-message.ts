/** One ChatGPT `mapping` node's message -> visible turn or a reason to hide it (import-formats §1.5). */
import type { PortableAttachment, PortableRole, PortableStatus } from './types';
import { arr, isObject, type JsonObject, kindOfMime, num, obj, sha256Hex, sniffMime, str } from './values';

/** Looks up an uploaded file by its asset id (zip member `file-<id>-…`); null when not in the export. */
export type AssetResolver = (assetId: string) => Promise<{ name: string; data: Uint8Array } | null>;

export interface VisibleTurn {
  visible: true;
  role: PortableRole;
  content: string;
  thinking: string | null;
  attachments: PortableAttachment[];
  model: string | null;
  /** ms, or null when the message has no time. */
  time: number | null;
  updated: number | null;
  status: PortableStatus;
  /** Parts we could not represent, for the report. */
  dropped: string[];
}

export type ChatGptTurn = VisibleTurn | { visible: false; dropped: string[] };

const SKIPPED_TYPES = new Set([
  'code',
  'execution_output',
  'tether_browsing_display',
  'tether_quote',
  'sonic_webpage',
  'system_error',
  'reasoning_recap',
  'user_editable_context',
  'model_editable_context',
]);

const HIDDEN: ChatGptTurn = { visible: false, dropped: [] };

function stripCitations(text: string): string {
  return text.replace(/【[^】]*†[^】]*】/g, '').replace(/\uE200[^\uE201]*\uE201/g, '');
}

function assetId(pointer: string): string {
  return pointer.replace(/^[a-z-]+:\/\//i, '');
}

export async function readChatGptMessage(message: unknown, resolveAsset: AssetResolver | null): Promise<ChatGptTurn> {
  if (!isObject(message)) return HIDDEN;
  const metadata = obj(message.metadata) ?? {};
  if (metadata.is_visually_hidden_from_conversation === true) return HIDDEN;
  const rawRole = str(obj(message.author)?.role);
  const recipient = str(message.recipient) ?? 'all';
  const content = obj(message.content) ?? {};
  const type = str(content.content_type) ?? 'text';
  if (rawRole === 'system' || rawRole === null) return HIDDEN;
  if (rawRole === 'assistant' && recipient !== 'all') return HIDDEN;
  if (message.channel === 'analysis' || SKIPPED_TYPES.has(type)) return HIDDEN;

  const texts: string[] = [];
  const placeholders: string[] = [];
  const attachments: PortableAttachment[] = [];
  const dropped: string[] = [];
  let thinking: string | null = null;
  const uploads = arr(metadata.attachments).filter(isObject);

  if (type === 'text') {
    texts.push(
      arr(content.parts)
        .filter((p): p is string => typeof p === 'string')
        .join(''),
    );
  } else if (type === 'multimodal_text') {
    for (const part of arr(content.parts)) {
      if (typeof part === 'string') texts.push(part);
      else if (isObject(part) && part.content_type === 'image_asset_pointer') {
        const id = assetId(str(part.asset_pointer) ?? '');
        const upload = uploads.find((u) => u.id === id);
        await addAsset(id, upload, num(part.size_bytes), resolveAsset, attachments, placeholders);
      } else if (isObject(part) && part.content_type === 'audio_transcription') {
        texts.push(str(part.text) ?? '');
      } else {
        dropped.push(isObject(part) ? `${str(part.content_type) ?? 'unknown'} part` : 'unknown part');
      }
    }
  } else if (type === 'thoughts') {
    thinking = arr(content.thoughts)
      .filter(isObject)
      .map((t) => [str(t.summary), str(t.content)].filter(Boolean).join('\n\n'))
      .filter((t) => t.length > 0)
      .join('\n\n');
  } else {
    return { visible: false, dropped: [`content type ${type}`] };
  }
  // Uploads that are not images appear only in metadata.attachments.
  for (const upload of uploads) {
    const id = str(upload.id);
    if (id && !attachments.some((a) => a.sourceRef === id)) {
      await addAsset(id, upload, num(upload.size), resolveAsset, attachments, placeholders);
    }
  }

  // Tool messages only matter when they carry a generated image; they read as the assistant's.
  if (rawRole === 'tool' && attachments.length === 0) return HIDDEN;
  const role: PortableRole = rawRole === 'user' ? 'user' : 'assistant';
  const text = stripCitations(texts.join('')).trim();
  const body = [text, ...placeholders].filter((t) => t.length > 0).join('\n\n');
  if (body.length === 0 && attachments.length === 0 && !thinking) return { visible: false, dropped };

  const finish = str(obj(metadata.finish_details)?.type);
  const rawStatus = str(message.status);
  const status: PortableStatus =
    rawStatus === 'in_progress' || rawStatus === 'finished_partial_completion' || finish === 'interrupted'
      ? 'interrupted'
      : 'complete';
  const created = num(message.create_time);
  const updated = num(message.update_time);
  return {
    visible: true,
    role,
    content: body,
    thinking: thinking || null,
    attachments,
    model: role === 'assistant' ? str(metadata.model_slug) : null,
    time: created === null ? null : created * 1000,
    updated: updated === null ? null : updated * 1000,
    status,
    dropped,
  };
}

async function addAsset(
  id: string,
  upload: JsonObject | undefined,
  size: number | null,
  resolveAsset: AssetResolver | null,
  attachments: PortableAttachment[],
  placeholders: string[],
): Promise<void> {
  const found = id && resolveAsset ? await resolveAsset(id) : null;
  const name = str(upload?.name) ?? found?.name ?? id;
  const mime = str(upload?.mime_type) ?? sniffMime(found?.data ?? null, name);
  if (found) {
    attachments.push({
      kind: kindOfMime(mime),
      name,
      mime,
      size: found.data.byteLength,
      sha256: sha256Hex(found.data),
      data: found.data,
      sourceRef: id,
    });
    return;
  }
  const label = kindOfMime(mime) === 'image' ? 'image' : 'file';
  placeholders.push(`[${label}: ${name} — not in export]`);
  attachments.push({ kind: kindOfMime(mime), name, mime, size, sha256: null, data: null, sourceRef: id });
}
