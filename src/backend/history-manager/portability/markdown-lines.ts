/** Line-level helpers shared by the Markdown transcript reader and writer (import-formats §4). */

export const TURN_HEADING = /^## (User|Assistant|System)\s*$/;
export const ESCAPED_HEADING = /^\\(## (?:User|Assistant|System))\s*$/;
export const MARKER = /^<!-- ollama-chat (\{.*\}) -->\s*$/;
export const THINKING_OPEN = '<details>\n<summary>Thinking</summary>\n\n';
export const THINKING_CLOSE = '\n\n</details>';

export interface MarkdownLine {
  text: string;
  /** Inside a fenced code block (the fence lines themselves count as inside). */
  fenced: boolean;
}

/** Marks fenced lines (``` or ~~~, closed by the same character at least as long). */
export function markFences(lines: string[]): MarkdownLine[] {
  let fence: { char: string; length: number } | null = null;
  return lines.map((text) => {
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(text);
    if (fence === null) {
      if (match) {
        fence = { char: (match[1] as string)[0] as string, length: (match[1] as string).length };
        return { text, fenced: true };
      }
      return { text, fenced: false };
    }
    if (
      match &&
      (match[1] as string)[0] === fence.char &&
      (match[1] as string).length >= fence.length &&
      /^ {0,3}[`~]+\s*$/.test(text)
    ) {
      fence = null;
    }
    return { text, fenced: true };
  });
}

/** Writes `## User` etc. as `\## User` outside fences, so content can never start a turn. */
export function escapeTurnHeadings(content: string): string {
  return markFences(content.split('\n'))
    .map((line) => (!line.fenced && TURN_HEADING.test(line.text) ? `\\${line.text}` : line.text))
    .join('\n');
}

export function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] as string).trim() === '') start++;
  while (end > start && (lines[end - 1] as string).trim() === '') end--;
  return lines.slice(start, end);
}

const EXT_BY_MIME: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

export function attachmentExtension(name: string, mime: string): string {
  return /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? EXT_BY_MIME[mime] ?? 'bin';
}

export const ATTACHMENT_LINK = /^(!?)\[([^\]]*)\]\(attachments\/([0-9a-f]{64})(?:\.([a-z0-9]{1,8}))?\)\s*$/;
