/**
 * How attached files reach the model (issue 9 §1), one block per file before the user's text:
 *
 *   <file name="main.py">
 *   …the file's text…
 *   </file>
 *
 * A PDF's block has `pages="N"` and its text carries a `--- page N ---` line before each page. The
 * name is attribute-escaped (`& " < >`, line breaks become spaces); inside the text every `</file`
 * becomes `<\/file`, so a file can never close its own block early and pose as the user's words.
 */

export interface FileForContext {
  name: string;
  kind: 'text' | 'pdf';
  pages?: number;
  text: string;
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };

function attribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c).replace(/[\r\n]+/g, ' ');
}

function neutralise(text: string): string {
  return text.replace(/<\/file/gi, (match) => `<\\/${match.slice(2)}`);
}

function fileContextBlock(file: FileForContext): string {
  const pages = file.kind === 'pdf' && file.pages !== undefined ? ` pages="${file.pages}"` : '';
  const body = neutralise(file.text).replace(/\s+$/, '');
  return `<file name="${attribute(file.name)}"${pages}>\n${body}\n</file>`;
}

/** The turn's content with its files' blocks in front (in attachment order). */
export function withFileContext(content: string, files: readonly FileForContext[]): string {
  if (files.length === 0) return content;
  const blocks = files.map(fileContextBlock).join('\n\n');
  return content ? `${blocks}\n\n${content}` : blocks;
}
