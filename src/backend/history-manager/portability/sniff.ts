/** Format sniffing (import-formats §0.1): first bytes, then each JSON element on its own. */
import { arr, isObject, obj } from './values';

export type StartKind = 'zip' | 'json-array' | 'json-object' | 'text';

/** `bytes` starts at the first non-whitespace byte (BOM already removed). */
export function sniffStart(bytes: Uint8Array): StartKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'zip';
  if (bytes[0] === 0x5b) return 'json-array';
  if (bytes[0] === 0x7b) return 'json-object';
  return 'text';
}

export type ElementKind = 'chatgpt' | 'open-webui' | 'hollama' | 'hollama-knowledge' | 'hollama-servers' | 'unknown';

function has(value: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(value, key);
}

export function classifyElement(element: unknown): ElementKind {
  if (!isObject(element)) return 'unknown';
  const e = element;
  if (isObject(e.mapping) && (has(e, 'current_node') || has(e, 'create_time') || has(e, 'title'))) return 'chatgpt';
  const chat = obj(e.chat);
  if (chat && (isObject(obj(chat.history)?.messages) || Array.isArray(chat.messages))) return 'open-webui';
  if (!has(e, 'chat') && !has(e, 'mapping')) {
    if (isObject(obj(e.history)?.messages)) return 'open-webui';
    if (arr(e.messages).some((m) => isObject(m) && has(m, 'parentId'))) return 'open-webui';
    const hollamaKeys = has(e, 'systemPrompt') || has(e, 'options') || has(e, 'updatedAt');
    if (Array.isArray(e.messages) && typeof e.id === 'string' && hollamaKeys) return 'hollama';
  }
  if (has(e, 'name') && has(e, 'content') && has(e, 'updatedAt') && !has(e, 'messages')) return 'hollama-knowledge';
  if (has(e, 'baseUrl') && (has(e, 'connectionType') || has(e, 'apiKey'))) return 'hollama-servers';
  return 'unknown';
}

/** Our transcript front matter, or `## User` / `## Assistant` (or Open WebUI's `### USER`) headings. */
export function looksLikeMarkdown(text: string): boolean {
  if (/^---\r?\n[\s\S]*?^format:\s*"?ollama-chat\.transcript"?\s*$/m.test(text.slice(0, 4096))) return true;
  return /^#{2,3} (User|Assistant|USER|ASSISTANT)\s*$/m.test(text);
}
