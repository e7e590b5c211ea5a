/** Markdown transcripts (§4): ours with markers, or lenient `## User` / `### USER` headings. */
import type { ConvertContext, Converted } from './convert-context';
import {
  ATTACHMENT_LINK,
  ESCAPED_HEADING,
  MARKER,
  type MarkdownLine,
  markFences,
  THINKING_CLOSE,
  THINKING_OPEN,
  TURN_HEADING,
  trimBlankLines,
} from './markdown-lines';
import type { ImportNote, PortableAttachment, PortableMessage, PortableRole, PortableStatus } from './types';
import { isObject, isoFromString, type JsonObject, kindOfMime, sha256Hex, sniffMime, str } from './values';

const LENIENT_HEADING = /^#{2,3} (user|assistant|system)\s*$/i;

function frontMatter(lines: string[]): { meta: JsonObject; rest: string[] } {
  if (lines[0] !== '---') return { meta: {}, rest: lines };
  const end = lines.indexOf('---', 1);
  if (end < 0) return { meta: {}, rest: lines };
  const meta: JsonObject = {};
  for (const line of lines.slice(1, end)) {
    const match = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!match) continue;
    const raw = (match[2] as string).trim();
    try {
      meta[match[1] as string] = raw.startsWith('"') || /^(-?\d|null$|true$|false$)/.test(raw) ? JSON.parse(raw) : raw;
    } catch {
      meta[match[1] as string] = raw;
    }
  }
  return { meta, rest: lines.slice(end + 1) };
}

interface Turn {
  role: PortableRole;
  meta: JsonObject;
  lines: MarkdownLine[];
}

function splitTurns(lines: MarkdownLine[]): Turn[] {
  const strict = lines.some((l, i) => !l.fenced && TURN_HEADING.test(l.text) && MARKER.test(lines[i + 1]?.text ?? ''));
  const turns: Turn[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as MarkdownLine;
    const next = lines[i + 1];
    let heading: RegExpExecArray | null = null;
    if (!line.fenced)
      heading = strict
        ? MARKER.test(next?.text ?? '')
          ? TURN_HEADING.exec(line.text)
          : null
        : LENIENT_HEADING.exec(line.text);
    if (heading) {
      let meta: JsonObject = {};
      if (strict) {
        try {
          const parsed: unknown = JSON.parse(MARKER.exec(next?.text ?? '')?.[1] ?? '{}');
          if (isObject(parsed)) meta = parsed;
        } catch {
          meta = {};
        }
        i++;
      }
      const role = (heading[1] as string).toLowerCase() as PortableRole;
      turns.push({ role, meta, lines: [] });
    } else {
      turns.at(-1)?.lines.push(line);
    }
  }
  return turns;
}

function readBody(turn: Turn): { content: string; thinking: string | null; attachments: PortableAttachment[] } {
  const lines = trimBlankLines(
    turn.lines.map((l) =>
      !l.fenced && ESCAPED_HEADING.test(l.text) ? (ESCAPED_HEADING.exec(l.text)?.[1] as string) : l.text,
    ),
  );
  const attachments: PortableAttachment[] = [];
  while (lines.length > 0) {
    const link = ATTACHMENT_LINK.exec(lines.at(-1) as string);
    if (!link) break;
    lines.pop();
    const name = link[2] as string;
    const mime = sniffMime(null, link[4] ? `x.${link[4]}` : name);
    const kind = link[1] === '!' ? 'image' : kindOfMime(mime) === 'image' ? 'file' : kindOfMime(mime);
    attachments.unshift({ kind, name, mime, size: null, sha256: link[3] as string, data: null });
    while (lines.length > 0 && (lines.at(-1) as string).trim() === '') lines.pop();
  }
  let text = lines.join('\n');
  let thinking: string | null = null;
  if (turn.role === 'assistant' && text.startsWith(THINKING_OPEN)) {
    const end = text.indexOf(`${THINKING_CLOSE}\n`, THINKING_OPEN.length - 2);
    const endAtEof = text.endsWith(THINKING_CLOSE) ? text.length - THINKING_CLOSE.length : -1;
    const close = end >= 0 ? end : endAtEof;
    if (close >= 0) {
      thinking = text.slice(THINKING_OPEN.length, close);
      text = text.slice(close + THINKING_CLOSE.length).replace(/^\n+/, '');
    }
  }
  return { content: text, thinking, attachments };
}

export function convertMarkdown(text: string, ctx: ConvertContext): Converted {
  const { meta, rest } = frontMatter(text.replace(/\r\n?/g, '\n').split('\n'));
  const turns = splitTurns(markFences(rest));
  const notes: ImportNote[] = [];
  const createdAt = isoFromString(meta.createdAt) ?? ctx.now;
  let systemPrompt: string | null = null;
  const messages: PortableMessage[] = [];
  for (const [index, turn] of turns.entries()) {
    const { content, thinking, attachments } = readBody(turn);
    if (turn.role === 'system' && messages.length === 0 && systemPrompt === null) {
      systemPrompt = content;
      continue;
    }
    const status = str(turn.meta.status);
    const at = isoFromString(turn.meta.createdAt) ?? messages.at(-1)?.createdAt ?? createdAt;
    const message: PortableMessage = {
      sourceId: str(turn.meta.id) ?? `turn-${index}`,
      parentSourceId: messages.at(-1)?.sourceId ?? null,
      role: turn.role,
      content,
      thinking,
      model: str(turn.meta.model),
      createdAt: at,
      updatedAt: at,
      status:
        status === 'error' || status === 'cancelled' || status === 'interrupted'
          ? (status as PortableStatus)
          : 'complete',
    };
    if (attachments.length > 0) message.attachments = attachments;
    if (messages.some((m) => m.sourceId === message.sourceId)) message.sourceId = `${message.sourceId}#${index}`;
    messages.push(message);
  }
  if (messages.length === 0) {
    return {
      chat: null,
      notes: [{ level: 'skipped', reason: 'no "## User" / "## Assistant" turns found', location: { file: ctx.file } }],
    };
  }
  const fileTitle = ctx.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const id = str(meta.chatId) ?? `md-${sha256Hex(new TextEncoder().encode(text)).slice(0, 32)}`;
  return {
    chat: {
      source: { app: 'markdown', id },
      title: str(meta.title) ?? (fileTitle || 'Untitled'),
      model: str(meta.model),
      systemPrompt,
      options: {},
      pinned: false,
      archived: false,
      tags: [],
      createdAt,
      updatedAt: messages.at(-1)?.createdAt ?? createdAt,
      currentLeafSourceId: messages.at(-1)?.sourceId ?? null,
      messages,
    },
    notes,
  };
}
