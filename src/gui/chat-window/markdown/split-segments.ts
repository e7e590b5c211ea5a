const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MATH_FENCE = /^ {0,3}\$\$/;
/** Lines that continue the block above even after a blank line: list items, indented text, tables, quotes. */
const CONTINUES = /^(\s{1,}\S|\s*([-*+]|\d+[.)])\s|\s*\||\s*>)/;

/**
 * Splits long markdown into independently renderable segments at paragraph breaks, so a growing
 * answer re-parses only its last segment per frame (finished segments are memoized).
 * Prefix-stable: a cut depends only on the text up to and including the line after it, so cuts never
 * move as text is appended, and history renders with the same segments as the live stream did.
 */
export function splitSegments(markdown: string, targetChars = 1200): string[] {
  if (markdown.length <= targetChars) return [markdown];
  const segments: string[] = [];
  const lines = markdown.split('\n');
  let start = 0; // char offset where the current segment starts
  let offset = 0; // char offset of the current line
  let fence: string | null = null;
  let inMath = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenceMatch = FENCE.exec(line);
    if (fence === null && !inMath && fenceMatch?.[1]) fence = fenceMatch[1];
    else if (
      fence !== null &&
      fenceMatch?.[1]?.startsWith(fence[0] ?? '') &&
      fenceMatch[1].length >= fence.length &&
      line.trim() === fenceMatch[1]
    )
      fence = null;
    else if (fence === null && MATH_FENCE.test(line)) inMath = line.trim() === '$$' ? !inMath : inMath;

    const next = lines[i + 1];
    const lineEnd = offset + line.length + 1; // including the newline
    // Cut after a blank line, outside fences, once the segment is long enough, when the next
    // (already present) line starts a new block rather than continuing a list/table/quote.
    if (
      line.trim() === '' &&
      fence === null &&
      !inMath &&
      lineEnd - start >= targetChars &&
      next !== undefined &&
      next.trim() !== '' &&
      !CONTINUES.test(next) &&
      i + 1 < lines.length - 1
    ) {
      segments.push(markdown.slice(start, lineEnd));
      start = lineEnd;
    }
    offset = lineEnd;
  }
  segments.push(markdown.slice(start));
  return segments;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 cuts a slice as a view into
 * its parent: a finished segment kept by a memoized component would otherwise keep the whole answer as
 * it was when that segment was cut — one copy of the text per segment.
 */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * `splitSegments` for a text that grows at its end: finished segments are cut once and kept (as
 * detached copies); each call splits only the text after them. Since cuts never move as text is appended
 * (and a cut is never inside a fence or math block), this gives the same segments as splitting it all.
 * A text that does not continue the previous one starts again.
 */
export function createSegmenter(targetChars = 1200): (markdown: string) => string[] {
  let frozen: string[] = [];
  let frozenText = '';
  return (markdown) => {
    if (!markdown.startsWith(frozenText)) {
      frozen = [];
      frozenText = '';
    }
    const tail = splitSegments(markdown.slice(frozenText.length), targetChars);
    if (tail.length > 1) {
      const done = tail.slice(0, -1).map(detached);
      frozen = [...frozen, ...done];
      frozenText = detached(frozenText + done.join(''));
    }
    return [...frozen, tail.at(-1) ?? ''];
  };
}
