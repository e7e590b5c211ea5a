/**
 * A first guess of how tall markdown text lays out, before it was ever rendered: the message list's row
 * estimates and the placeholders of a long answer's segments both use it, so their guesses agree.
 */

/** Average glyph width of the body font in px (16 px system sans), for lines per paragraph. */
const CHAR_PX = 7.4;
export const LINE_PX = 24;
/** Space between markdown blocks, and the extra height of a code block (its header and padding). */
const BLOCK_GAP_PX = 16;
const CODE_BLOCK_PX = 56;
const CODE_LINE_PX = 20;

/** Characters per wrapped line in a column `width` px wide (`share` of it, for a narrower bubble, less `inset` px). */
export function charsPerLine(width: number, share = 1, inset = 0): number {
  return Math.max(20, Math.floor((width * share - inset) / CHAR_PX));
}

/** Wrapped lines of markdown-ish text at `perLine` characters a line, plus its block gaps and code blocks, in px. */
export function textHeight(text: string, perLine: number): number {
  let px = 0;
  let inCode = false;
  let blank = false;
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('```')) {
      if (!inCode) px += CODE_BLOCK_PX;
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      px += CODE_LINE_PX;
      continue;
    }
    if (line.trim() === '') {
      if (!blank) px += BLOCK_GAP_PX;
      blank = true;
      continue;
    }
    blank = false;
    px += Math.max(1, Math.ceil(line.length / perLine)) * LINE_PX;
  }
  return px;
}
