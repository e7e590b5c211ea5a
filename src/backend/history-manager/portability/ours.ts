/** Our own lossless format (`ollama-chat.export`, import-formats §5): chat elements and blobs. */
import { type ConvertContext, type Converted, elementLocation, repairNotes, skipped } from './convert-context';
import { buildTree, resolveLeaf } from './tree';
import type {
  ImportNote,
  PortableAttachment,
  PortableMessage,
  PortableMetrics,
  PortableOrigin,
  PortableRole,
  PortableStatus,
} from './types';
import { arr, decodeBase64, isObject, isoFromString, type JsonObject, num, obj, sha256Hex, str } from './values';

export const EXPORT_FORMAT = 'ollama-chat.export';
export const EXPORT_VERSION = 1;

const ROLES = new Set<PortableRole>(['system', 'user', 'assistant', 'tool']);
const SHA256 = /^[0-9a-f]{64}$/;

function statusOf(value: unknown): PortableStatus {
  if (value === 'complete' || value === 'cancelled' || value === 'error' || value === 'interrupted') return value;
  return 'interrupted'; // queued/streaming (or unknown): the answer never finished
}

function attachmentOf(raw: JsonObject, notes: ImportNote[], where: object): PortableAttachment | null {
  const sha256 = str(raw.sha256)?.toLowerCase() ?? '';
  if (!SHA256.test(sha256)) {
    notes.push({ level: 'skipped', reason: 'attachment without a valid sha256', location: { ...where } });
    return null;
  }
  const kind = raw.kind === 'image' || raw.kind === 'text' ? raw.kind : 'file';
  const size = num(raw.size);
  let data: Uint8Array | null = null;
  const inline = str(raw.data);
  if (inline !== null) {
    data = decodeBase64(inline);
    if (!data || sha256Hex(data) !== sha256 || (size !== null && size !== data.byteLength)) {
      notes.push({
        level: 'warning',
        reason: `attachment ${sha256} does not match its hash or size; bytes dropped`,
        location: { ...where },
      });
      data = null;
    }
  }
  const attachment: PortableAttachment = {
    kind,
    name: str(raw.name) ?? sha256,
    mime: str(raw.mime) ?? 'application/octet-stream',
    size,
    sha256,
    data,
  };
  const text = str(raw.text);
  if (text !== null) attachment.text = text;
  return attachment;
}

function messageOf(raw: JsonObject, notes: ImportNote[], where: object, chatTime: string): PortableMessage {
  const role = str(raw.role) as PortableRole;
  const createdAt = isoFromString(raw.createdAt) ?? chatTime;
  const message: PortableMessage = {
    sourceId: str(raw.id) as string,
    parentSourceId: str(raw.parentId),
    role: ROLES.has(role) ? role : 'user',
    content: str(raw.content) ?? '',
    thinking: str(raw.thinking),
    model: str(raw.model),
    createdAt,
    updatedAt: isoFromString(raw.updatedAt) ?? createdAt,
    status: statusOf(raw.status),
  };
  const error = obj(raw.error);
  if (error) message.error = { code: str(error.code) ?? 'error', message: str(error.message) ?? '' };
  // undefined vs null is kept on purpose: the round trip must give back the same document.
  if (raw.modelDigest !== undefined) message.modelDigest = str(raw.modelDigest);
  if (raw.options !== undefined) message.options = obj(raw.options);
  if (raw.metrics !== undefined) message.metrics = obj(raw.metrics) as PortableMetrics | null;
  if (Array.isArray(raw.toolCalls)) message.toolCalls = raw.toolCalls;
  if (raw.edited === true && message.role === 'assistant') message.edited = true;
  if (raw.imageGeneration !== undefined) message.imageGeneration = obj(raw.imageGeneration);
  if (Array.isArray(raw.attachments)) {
    const attachments = raw.attachments
      .filter(isObject)
      .map((a) => attachmentOf(a, notes, where))
      .filter((a): a is PortableAttachment => a !== null);
    message.attachments = attachments;
  }
  return message;
}

export function convertOurChat(element: JsonObject, ctx: ConvertContext): Converted {
  const id = str(element.id);
  const base = elementLocation(ctx, id);
  if (!id) return skipped('chat has no id', { ...base, field: 'id' });
  const createdAt = isoFromString(element.createdAt) ?? ctx.now;
  const notes: ImportNote[] = [];
  const parsed = new Map<string, PortableMessage>();
  const inputs = [];
  for (const [order, raw] of arr(element.messages).entries()) {
    if (!isObject(raw) || !str(raw.id)) {
      notes.push({
        level: 'skipped',
        reason: 'message without an id',
        location: { ...base, field: `messages[${order}]` },
      });
      continue;
    }
    const message = messageOf(raw, notes, { ...base, messageId: raw.id }, createdAt);
    if (!parsed.has(message.sourceId)) parsed.set(message.sourceId, message);
    inputs.push({ id: message.sourceId, parentId: message.parentSourceId, time: Date.parse(message.createdAt), order });
  }
  const tree = buildTree(inputs);
  notes.push(...repairNotes(tree.repairs, base));
  const messages = tree.order.map((messageId) => {
    const message = parsed.get(messageId) as PortableMessage;
    return { ...message, parentSourceId: tree.parentOf.get(messageId) ?? null };
  });
  const leaf = str(element.currentLeafId);
  const source = obj(element.source);
  const origin: PortableOrigin | null =
    source && str(source.app) && str(source.id)
      ? { app: str(source.app) as string, id: str(source.id) as string, importedAt: str(source.importedAt) }
      : null;
  if (messages.length === 0 && arr(element.messages).length > 0) return skipped('chat has no readable messages', base);
  return {
    chat: {
      source: { app: 'ollama-chat', id },
      origin,
      title: str(element.title) ?? 'Untitled',
      model: str(element.model),
      systemPrompt: str(element.systemPrompt),
      options: obj(element.options) ?? {},
      pinned: element.pinned === true,
      archived: element.archived === true,
      tags: arr(element.tags).filter((t): t is string => typeof t === 'string'),
      createdAt,
      updatedAt: isoFromString(element.updatedAt) ?? createdAt,
      currentLeafSourceId: leaf !== null && parsed.has(leaf) ? leaf : resolveLeaf(tree, null, false),
      messages,
    },
    notes,
  };
}

/** A `blobs` entry: verified bytes, or a note when the key is not the bytes' sha256. */
export function readBlob(key: string, value: unknown): { sha256: string; data: Uint8Array } | { problem: string } {
  const data = typeof value === 'string' ? decodeBase64(value) : null;
  if (!data) return { problem: `blob ${key} is not base64` };
  const sha256 = sha256Hex(data);
  return sha256 === key.toLowerCase() ? { sha256, data } : { problem: `blob ${key} does not match its sha256` };
}
