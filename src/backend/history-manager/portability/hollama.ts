/** Hollama session -> PortableChat (§3). Sessions are linear and have no per-message times. */
import { type ConvertContext, type Converted, elementLocation, skipped } from './convert-context';
import type { PortableAttachment, PortableMessage } from './types';
import {
  arr,
  decodeBase64,
  isObject,
  isoFromString,
  type JsonObject,
  kindOfMime,
  obj,
  sha256Hex,
  sniffMime,
  str,
} from './values';

const TITLE_LENGTH = 56;

function imagesOf(message: JsonObject): PortableAttachment[] {
  const result: PortableAttachment[] = [];
  for (const image of arr(message.images).filter(isObject)) {
    const data = decodeBase64(str(image.data) ?? '');
    const name = str(image.filename) ?? `image-${result.length + 1}`;
    if (!data) continue;
    const mime = sniffMime(data, name);
    result.push({ kind: kindOfMime(mime), name, mime, size: data.byteLength, sha256: sha256Hex(data), data });
  }
  return result;
}

/**
 * Knowledge-injection messages stay user messages with their `<CONTEXT>` text: that is what the
 * model saw, so the conversation reads (and continues) faithfully.
 */
export function convertHollama(element: JsonObject, ctx: ConvertContext): Converted {
  const id = str(element.id);
  const base = elementLocation(ctx, id);
  if (!id) return skipped('session has no id', { ...base, field: 'id' });
  const at = isoFromString(element.updatedAt) ?? ctx.now;
  const sessionModel = str(element.model) ?? str(obj(element.model)?.name);
  const messages: PortableMessage[] = [];
  for (const [index, raw] of arr(element.messages).entries()) {
    if (!isObject(raw)) continue;
    const role = str(raw.role);
    const attachments = imagesOf(raw);
    const message: PortableMessage = {
      sourceId: `${id}:${index}`,
      parentSourceId: messages.at(-1)?.sourceId ?? null,
      role: role === 'ai' || role === 'assistant' ? 'assistant' : role === 'system' ? 'system' : 'user',
      content: str(raw.content) ?? '',
      thinking: str(raw.reasoning) || null,
      model: role === 'ai' || role === 'assistant' ? sessionModel : null,
      createdAt: at,
      updatedAt: at,
      status: 'complete',
    };
    if (attachments.length > 0) message.attachments = attachments;
    messages.push(message);
  }
  if (messages.length === 0) return skipped('session has no messages', base);
  const firstTyped = arr(element.messages).find((m) => isObject(m) && m.role === 'user' && !m.knowledge);
  const fallbackTitle = (isObject(firstTyped) ? (str(firstTyped.content) ?? '') : '').trim().slice(0, TITLE_LENGTH);
  return {
    chat: {
      source: { app: 'hollama', id },
      title: str(element.title)?.trim() || fallbackTitle || 'Untitled',
      model: sessionModel,
      systemPrompt: str(obj(element.systemPrompt)?.content)?.trim() || null,
      options: obj(element.options) ?? {},
      pinned: false,
      archived: false,
      tags: [],
      createdAt: at,
      updatedAt: at,
      currentLeafSourceId: messages.at(-1)?.sourceId ?? null,
      messages,
    },
    notes: [],
  };
}
