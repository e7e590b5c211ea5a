/** Open WebUI chat export element (`ChatResponse` or the legacy bare chat) -> PortableChat (§2). */
import { type ConvertContext, type Converted, elementLocation, repairNotes, skipped } from './convert-context';
import { buildTree, resolveLeaf, type TreeInput } from './tree';
import type { ImportNote, PortableAttachment, PortableMessage, PortableMetrics, PortableStatus } from './types';
import {
  arr,
  decodeDataUrl,
  isObject,
  isoFromMillis,
  isoFromSeconds,
  type JsonObject,
  kindOfMime,
  num,
  obj,
  sha256Hex,
  str,
} from './values';

const UI_ONLY_PARAMS = new Set(['system', 'stream_response', 'function_calling', 'reasoning_effort']);
const REASONING = /<details type="reasoning"[^>]*>\s*<summary>[\s\S]*?<\/summary>\s*([\s\S]*?)<\/details>\s*/g;

function unescapeHtml(text: string): string {
  return text
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Moves `<details type="reasoning">` blocks out of the answer into `thinking`. */
export function splitReasoning(content: string): { content: string; thinking: string | null } {
  const thoughts: string[] = [];
  const rest = content.replace(REASONING, (_all, body: string) => {
    thoughts.push(
      unescapeHtml(
        body
          .split('\n')
          .map((line) => line.replace(/^&gt; ?|^> ?/, ''))
          .join('\n'),
      ).trim(),
    );
    return '';
  });
  return { content: rest, thinking: thoughts.filter(Boolean).join('\n\n') || null };
}

function metricsOf(message: JsonObject): PortableMetrics | null {
  const source = obj(message.usage) ?? obj(message.info);
  if (!source) return null;
  const metrics: PortableMetrics = {
    totalDurationNs: num(source.total_duration),
    loadDurationNs: num(source.load_duration),
    promptEvalCount: num(source.prompt_eval_count) ?? num(source.prompt_tokens),
    promptEvalDurationNs: num(source.prompt_eval_duration),
    evalCount: num(source.eval_count) ?? num(source.completion_tokens),
    evalDurationNs: num(source.eval_duration),
  };
  return Object.values(metrics).some((v) => v !== null) ? metrics : null;
}

/** Seconds, or milliseconds for `chat.timestamp` (values >= 1e11 cannot be seconds). */
function secondsOrMillis(value: unknown): number | null {
  const n = num(value);
  if (n === null) return null;
  return n >= 1e11 ? n : n * 1000;
}

function attachmentsOf(
  message: JsonObject,
  placeholders: string[],
  notes: ImportNote[],
  where: object,
): PortableAttachment[] {
  const result: PortableAttachment[] = [];
  for (const file of arr(message.files).filter(isObject)) {
    const url = str(file.url) ?? '';
    const name = str(file.name) ?? `image-${result.length + 1}`;
    if (file.type !== 'image') {
      notes.push({
        level: 'skipped',
        reason: `server-side ${str(file.type) ?? 'file'} "${name}" is not in the export`,
        location: { ...where },
      });
      continue;
    }
    const decoded = decodeDataUrl(url);
    if (decoded) {
      const ext = decoded.mime.split('/')[1] ?? 'bin';
      result.push({
        kind: kindOfMime(decoded.mime),
        name: str(file.name) ?? `image-${result.length + 1}.${ext}`,
        mime: decoded.mime,
        size: decoded.data.byteLength,
        sha256: sha256Hex(decoded.data),
        data: decoded.data,
      });
    } else {
      placeholders.push(`[image: ${name} — not in export]`);
      result.push({
        kind: 'image',
        name,
        mime: 'application/octet-stream',
        size: null,
        sha256: null,
        data: null,
        sourceRef: url,
      });
    }
  }
  return result;
}

function legacyId(chat: JsonObject, messages: TreeInput[]): string {
  const key = JSON.stringify([str(chat.title), num(chat.timestamp), messages.map((m) => m.id)]);
  return `legacy-${sha256Hex(new TextEncoder().encode(key)).slice(0, 32)}`;
}

export function convertOpenWebUi(element: JsonObject, ctx: ConvertContext): Converted {
  const wrapped = obj(element.chat);
  const chat = wrapped ?? element;
  const history = obj(chat.history);
  const stored = obj(history?.messages);
  const entries: Array<[string, JsonObject]> = [];
  if (stored) {
    for (const [key, value] of Object.entries(stored)) if (isObject(value)) entries.push([str(value.id) ?? key, value]);
  } else {
    for (const value of arr(chat.messages).filter(isObject)) {
      const id = str(value.id) ?? `m${entries.length}`;
      // Linear legacy chats have no parentId: chain them in array order.
      const parent = 'parentId' in value ? value.parentId : (entries.at(-1)?.[0] ?? null);
      entries.push([id, { ...value, parentId: parent }]);
    }
  }
  const inputs: TreeInput[] = entries.map(([id, m], order) => ({
    id,
    parentId: str(m.parentId),
    time: secondsOrMillis(m.timestamp),
    order,
  }));
  const inputById = new Map(inputs.map((i) => [i.id, i]));
  for (const [parentId, m] of entries) {
    arr(m.childrenIds).forEach((childId, hint) => {
      const child = typeof childId === 'string' ? inputById.get(childId) : undefined;
      if (child && child.parentId === parentId) child.hint = hint;
    });
  }
  const id = (wrapped ? str(element.id) : str(chat.id)) || legacyId(chat, inputs);
  const base = elementLocation(ctx, id);
  if (entries.length === 0) return skipped('chat has no messages', base);
  const tree = buildTree(inputs);
  const notes: ImportNote[] = repairNotes(tree.repairs, base);
  const leaf = resolveLeaf(tree, str(history?.currentId) ?? str(element.current_message_id), true);

  const createdAt =
    isoFromSeconds(element.created_at) ??
    (secondsOrMillis(chat.timestamp) === null ? null : isoFromMillis(secondsOrMillis(chat.timestamp) as number)) ??
    ctx.now;
  const byId = new Map(entries);
  const timeOf = new Map<string, string>();
  const messages: PortableMessage[] = [];
  for (const messageId of tree.order) {
    const m = byId.get(messageId) as JsonObject;
    const where = { ...base, messageId };
    const role = str(m.role);
    if (role !== 'user' && role !== 'assistant' && role !== 'system') {
      notes.push({ level: 'warning', reason: `unknown role ${String(role)}; imported as user`, location: where });
    }
    const parent = tree.parentOf.get(messageId) ?? null;
    const time = secondsOrMillis(m.timestamp);
    const created = (time === null ? null : isoFromMillis(time)) ?? (parent ? timeOf.get(parent) : null) ?? createdAt;
    timeOf.set(messageId, created);
    const placeholders: string[] = [];
    const attachments = attachmentsOf(m, placeholders, notes, where);
    const split =
      role === 'assistant' ? splitReasoning(str(m.content) ?? '') : { content: str(m.content) ?? '', thinking: null };
    const failure = m.error;
    let status: PortableStatus = 'complete';
    if (failure) status = 'error';
    else if (role === 'assistant' && m.done !== true) status = 'interrupted';
    const message: PortableMessage = {
      sourceId: messageId,
      parentSourceId: parent,
      role: role === 'assistant' || role === 'system' ? role : 'user',
      content: [split.content.trim(), ...placeholders].filter((t) => t.length > 0).join('\n\n'),
      thinking: split.thinking,
      model: role === 'assistant' ? str(m.model) : null,
      modelDigest: null,
      createdAt: created,
      updatedAt: created,
      status,
    };
    if (failure) {
      message.error = {
        code: 'imported_error',
        message: str(obj(failure)?.content) || 'The answer failed in Open WebUI.',
      };
    }
    const metrics = metricsOf(m);
    if (metrics) message.metrics = metrics;
    if (attachments.length > 0) message.attachments = attachments;
    messages.push(message);
  }

  const params = obj(chat.params) ?? {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (UI_ONLY_PARAMS.has(key) || value === null || value === undefined) continue;
    options[key === 'max_tokens' ? 'num_predict' : key] = value;
  }
  const system = (str(params.system) ?? str(chat.system) ?? '').trim();
  const tags = arr(obj(element.meta)?.tags ?? chat.tags)
    .map((t) => (isObject(t) ? str(t.name) : str(t)))
    .filter((t): t is string => Boolean(t));
  return {
    chat: {
      source: { app: 'open-webui', id },
      title: (str(element.title) ?? str(chat.title))?.trim() || 'Untitled',
      model: str(arr(chat.models)[0]),
      systemPrompt: system || null,
      options,
      pinned: element.pinned === true,
      archived: element.archived === true,
      tags,
      createdAt,
      updatedAt: isoFromSeconds(element.updated_at) ?? createdAt,
      currentLeafSourceId: leaf,
      messages,
    },
    notes,
  };
}
