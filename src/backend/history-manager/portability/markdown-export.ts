/** `toMarkdown`: the active branch as a readable transcript (import-formats §4). Pure. */
import { attachmentExtension, escapeTurnHeadings, THINKING_CLOSE, THINKING_OPEN } from './markdown-lines';
import type { PortableChat, PortableMessage } from './types';

export interface MarkdownExportOptions {
  exportedAt: string;
}

const HEADINGS = { user: 'User', assistant: 'Assistant', system: 'System', tool: 'Assistant' } as const;

/** Root -> current leaf, following parent pointers (bounded against cycles). */
export function activeBranch(chat: PortableChat): PortableMessage[] {
  const byId = new Map(chat.messages.map((m) => [m.sourceId, m]));
  const branch: PortableMessage[] = [];
  let current = chat.currentLeafSourceId === null ? undefined : byId.get(chat.currentLeafSourceId);
  while (current && branch.length <= chat.messages.length) {
    branch.push(current);
    current = current.parentSourceId === null ? undefined : byId.get(current.parentSourceId);
  }
  return branch.reverse();
}

function marker(message: PortableMessage): string {
  const meta: Record<string, string> = { id: message.sourceId, createdAt: message.createdAt };
  if (message.model) meta.model = message.model;
  if (message.status !== 'complete') meta.status = message.status;
  return `<!-- ollama-chat ${JSON.stringify(meta)} -->`;
}

function body(message: PortableMessage): string {
  const blocks: string[] = [];
  if (message.thinking) blocks.push(`${THINKING_OPEN}${message.thinking}${THINKING_CLOSE}`);
  if (message.content) blocks.push(escapeTurnHeadings(message.content));
  for (const a of message.attachments ?? []) {
    if (!a.sha256) continue;
    const link = `[${a.name.replace(/[[\]]/g, '')}](attachments/${a.sha256}.${attachmentExtension(a.name, a.mime)})`;
    blocks.push(a.kind === 'image' ? `!${link}` : link);
  }
  return blocks.join('\n\n');
}

export function toMarkdown(chat: PortableChat, options: MarkdownExportOptions): string {
  const front = [
    '---',
    'format: ollama-chat.transcript',
    'version: 1',
    `title: ${JSON.stringify(chat.title)}`,
    `model: ${JSON.stringify(chat.model)}`,
    `createdAt: ${JSON.stringify(chat.createdAt)}`,
    `exportedAt: ${JSON.stringify(options.exportedAt)}`,
    `chatId: ${JSON.stringify(chat.source.id)}`,
    'branch: active',
    '---',
  ].join('\n');
  const sections = [front];
  if (chat.systemPrompt) {
    sections.push(`## System\n<!-- ollama-chat {"role":"system"} -->\n\n${escapeTurnHeadings(chat.systemPrompt)}`);
  }
  for (const message of activeBranch(chat)) {
    // An answer that failed before writing anything has nothing to read (rule 6).
    if (message.status === 'error' && !message.content && !message.thinking) continue;
    const text = body(message);
    sections.push(`## ${HEADINGS[message.role]}\n${marker(message)}${text ? `\n\n${text}` : ''}`);
  }
  return `${sections.join('\n\n')}\n`;
}
