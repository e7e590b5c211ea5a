/**
 * A fast path for the one line shape a chat stream is made of. Nearly every line of /api/chat is
 *
 *   {"model":"…","created_at":"…","message":{"role":"assistant","content":"…"},"done":false}
 *
 * (with `,"thinking":"…"` after the content for a thinking model). Relaying a token is otherwise
 * mostly JSON.parse building an object of four strings the relay never reads, and collecting it
 * (issue 12). This reads the content and thinking of exactly that shape and returns null for
 * anything else (the final line, an error line, tool calls, images, any other key order), which the
 * caller then parses in full. The string literals keep JSON's rules: one without a backslash is
 * taken as it is, one with escapes goes through JSON.parse.
 */
import { type NdjsonLine, parseLine } from './ndjson-stream';

const HEAD = '{"model":"';
const CREATED = '","created_at":"';
const MESSAGE = '","message":{"role":"assistant","content":"';
const THINKING = ',"thinking":"';
const TAIL = '},"done":false}';

/** Index of the quote that closes the string literal whose text starts at `from`, or -1. */
function closingQuote(line: string, from: number): number {
  let at = from;
  for (;;) {
    const q = line.indexOf('"', at);
    if (q === -1) return -1;
    let backslashes = 0;
    for (let k = q - 1; k >= from && line.charCodeAt(k) === 92; k--) backslashes += 1;
    if (backslashes % 2 === 0) return q;
    at = q + 1;
  }
}

/** The text of the literal between `open` (its first character) and `close` (its closing quote). */
function literal(line: string, open: number, close: number): string {
  const raw = line.slice(open, close);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** A plain value (model name, timestamp): no quote or backslash inside, so the next quote ends it. */
function plainEnd(line: string, from: number): number {
  const q = line.indexOf('"', from);
  if (q === -1) return -1;
  const b = line.indexOf('\\', from);
  return b !== -1 && b < q ? -1 : q;
}

export function fastChatLine(line: string): NdjsonLine | null {
  if (!line.startsWith(HEAD)) return null;
  const modelEnd = plainEnd(line, HEAD.length);
  if (modelEnd === -1 || !line.startsWith(CREATED, modelEnd)) return null;
  const createdEnd = plainEnd(line, modelEnd + CREATED.length);
  if (createdEnd === -1 || !line.startsWith(MESSAGE, createdEnd)) return null;
  const contentStart = createdEnd + MESSAGE.length;
  const contentEnd = closingQuote(line, contentStart);
  if (contentEnd === -1) return null;
  let at = contentEnd + 1;
  let thinking: string | undefined;
  if (line.startsWith(THINKING, at)) {
    const thinkingStart = at + THINKING.length;
    const thinkingEnd = closingQuote(line, thinkingStart);
    if (thinkingEnd === -1) return null;
    thinking = literal(line, thinkingStart, thinkingEnd);
    at = thinkingEnd + 1;
  }
  // Trailing whitespace (a CRLF line end) is allowed, anything else goes the long way.
  if (!line.startsWith(TAIL, at) || line.slice(at + TAIL.length).trim() !== '') return null;
  const content = literal(line, contentStart, contentEnd);
  return {
    message: thinking === undefined ? { role: 'assistant', content } : { role: 'assistant', content, thinking },
    done: false,
  };
}

/** One line of a chat stream: the fast path, else the full parse (with its errors). */
export function parseChatLine(line: string): NdjsonLine {
  return fastChatLine(line) ?? parseLine(line);
}
