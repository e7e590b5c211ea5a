/**
 * A first guess of how tall markdown text lays out, before it was ever rendered: the message list's row
 * estimates and the placeholders of a long answer's segments both use it, so their guesses agree.
 *
 * The numbers were measured in Chromium on rendered answers (the fake Ollama's `huge` markdown, a text
 * with every block type in several sizes, and plain prose) at the default app font: 15 px system sans,
 * line-height 1.6. A block counts its border box; between two blocks lies the larger of the upper one's
 * bottom and the lower one's top margin (they collapse), and the first block's top and the last one's
 * bottom margin are not counted: a windowed answer's segments have none at their edges (a blank line at
 * the end of the text adds nothing either), and the list spaces rows and segments itself.
 *
 * Widths are in the unit the callers' column width is in: px at a 16 px root (the message list's column
 * is 736 of them, 690 real px at the 15 px app font). Text scales with the root as the column does, so
 * the characters per line come out right whatever the app's font size; heights are those at 15 px.
 */

/**
 * Average advance of a character of English text at 16 px, when the page's font cannot be measured (no
 * canvas: unit tests): Liberation Sans (Arial's metrics, close to the system fonts of macOS and
 * Windows) measures 7.2 px on the sample below; with the space word wrapping leaves empty, 7.35.
 * DejaVu Sans, Linux's usual system-ui, is much wider (8.13 px measured): the font is measured when it can be.
 */
const FALLBACK_CHAR_PX = 7.35;
/**
 * Word wrapping breaks a line before the word that does not fit, leaving part of each line empty: fitted
 * on 57 prose paragraphs (912 lines), lines hold 1.7 % fewer characters than the measured advance says,
 * in both DejaVu Sans and Liberation Sans.
 */
const WRAP_LOSS = 1.017;
/** A sample with the letters, capitals, digits and punctuation of ordinary prose in about their proportions. */
const SAMPLE =
  'Most answers are ordinary English prose: short words, spaces, commas and full stops. The numbers 1, 2 and 3 appear too, as do Capitals at the start of sentences.';

/** One line of body text (15 px × line-height 1.6). */
export const LINE_PX = 24;

/** Paragraphs, lists and quotes: 0.6 em above and below. */
const TEXT_MARGIN_PX = 9;
/** Headings (h1–h6): 1.5 rem above, 0.5 rem below; their line heights (1.25 × 27, 24, 21, 21, 18, 15 px). */
const HEADING_TOP_PX = 22.5;
const HEADING_BOTTOM_PX = 7.5;
const HEADING_PX = [33.75, 30, 26.25, 26.25, 22.5, 18.75];
const HEADING_BODY_PX = 18.75;
/** Bold heading glyphs are wider than body text of the same size. */
const BOLD_WIDTH = 1.05;
/** A list item: its line(s) and 0.25 rem padding above and below (2 items: 63 px). */
const LIST_ITEM_PAD_PX = 7.5;
/** A list nested in an item: its own 0.6 em margins inside the item (3 items + a nested list: 112.5 px). */
const NESTED_LIST_PX = 18;
/** List items and quotes lose 1.4 em to their marker or border: about 3 % of the column. */
const INDENT_SHARE = 0.97;
/** Tables, code blocks: 1 rem above and below. */
const FRAME_MARGIN_PX = 15;
/**
 * A table: its wrapper's copy button bar, padding and frame (47.5 px), and 34.75 px a row, header
 * included (1 row: 117 px, 6 rows: 290.75 px). Its scroller stops growing at 328.5 px (8 rows), and scrolls.
 */
const TABLE_PX = 47.5;
const TABLE_ROW_PX = 34.75;
const TABLE_MAX_PX = 328.5;
/** A code block: its header (language, copy button) and padding, and 19.8 px a line (3 lines: 117.6 px, 12: 295.8). */
const CODE_BLOCK_PX = 58.2;
const CODE_LINE_PX = 19.8;
/**
 * Display math (KaTeX): one line of symbols with its 0.25 em padding (a² + b² = c²: 30.3 px); a fraction or
 * a big operator makes it taller (∫ with a fraction 52.4, a fraction 45.8, Σ with limits 63.8 px); each
 * further row (`\\` in aligned, matrices) adds about 22 px. KaTeX's own 1 em display margin collapses
 * through its 0.75 em wrapper: 15 px above and below, even at a segment's edge (the windowed segments
 * take the margins off their first and last blocks and those blocks' first children only).
 */
const MATH_PX = 30.3;
const MATH_TALL_PX = 22;
const MATH_ROW_PX = 22;
const MATH_MARGIN_PX = 15;
const TALL_MATH = /\\(frac|dfrac|sum|prod|int|oint|lim|binom|over\b)/;
/** A horizontal rule: 1 px, 1.5 rem above and below. */
const RULE_MARGIN_PX = 22.5;

let measuredCharPx: number | undefined;

/** The page's body font measured on a canvas, once; the fallback where there is no canvas. */
function charPx(): number {
  if (measuredCharPx !== undefined) return measuredCharPx;
  measuredCharPx = FALLBACK_CHAR_PX;
  if (typeof OffscreenCanvas !== 'undefined' && typeof document !== 'undefined' && document.body) {
    const context = new OffscreenCanvas(1, 1).getContext('2d');
    if (context) {
      context.font = `16px ${getComputedStyle(document.body).fontFamily}`;
      const px = (context.measureText(SAMPLE).width / SAMPLE.length) * WRAP_LOSS;
      if (px > 4 && px < 14) measuredCharPx = px;
    }
  }
  return measuredCharPx;
}

/** Characters per wrapped line in a column `width` px wide (`share` of it, for a narrower bubble, less `inset` px). */
export function charsPerLine(width: number, share = 1, inset = 0): number {
  return Math.max(20, Math.floor((width * share - inset) / charPx()));
}

const NONE = 0;
const PARAGRAPH = 1;
const LIST = 2;
const QUOTE = 3;
const TABLE = 4;

/** `- `, `* `, `+ ` (1), `1. `, `1) ` (2), or not a list item (0); `t` starts with a non-blank. */
function listMarker(t: string): number {
  const c = t.charCodeAt(0);
  if (c === 45 || c === 42 || c === 43) return t.charCodeAt(1) === 32 ? 1 : 0; // - * +
  let i = 0;
  while (i < 10 && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
  if (i === 0) return 0;
  const d = t.charCodeAt(i);
  return (d === 46 || d === 41) && t.charCodeAt(i + 1) === 32 ? 2 : 0; // . )
}

/** Whether `t` closes a code block opened by `fence`: a run of its character at least as long, and nothing else. */
function closesFence(t: string, fence: string): boolean {
  if (!t.startsWith(fence)) return false;
  const c = fence.charCodeAt(0);
  let n = fence.length;
  while (t.charCodeAt(n) === c) n++;
  return t.slice(n).trim() === '';
}

/** `---`, `***`, `___` (3 or more, spaces allowed between). */
function isRule(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c !== 45 && c !== 42 && c !== 95) return false;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const d = t.charCodeAt(i);
    if (d === c) n++;
    else if (d !== 32) return false;
  }
  return n >= 3;
}

/**
 * How many characters of a line of text show: a link shows its text, not its address, and inline math
 * ($…$) lays out about half as wide as its TeX source (`\\frac{n(n+1)}{2}` is one fraction wide).
 */
function shownLength(t: string): number {
  let n = t.length;
  for (let i = t.indexOf(']('); i >= 0; i = t.indexOf('](', i + 2)) {
    const end = t.indexOf(')', i + 2);
    if (end < 0) break;
    n -= end - i;
  }
  for (let i = t.indexOf('$'); i >= 0; ) {
    const end = t.indexOf('$', i + 1);
    if (end < 0) break;
    n -= (end - i + 1) >> 1;
    i = t.indexOf('$', end + 1);
  }
  return n;
}

/**
 * The height in px of markdown `text` laid out at `perLine` characters a line: its blocks (paragraphs,
 * headings, lists, quotes, tables, code and display math, rules) and the collapsed margins between them.
 * One pass over the lines, looking at each line's first characters only.
 */
export function textHeight(text: string, perLine: number): number {
  const indented = Math.max(10, Math.floor(perLine * INDENT_SHARE));
  let px = 0;
  /** Bottom margin of the last block (-1: no block yet). */
  let below = -1;
  /** Margin that stays below the text if the last block ends it (display math's, see MATH_MARGIN_PX). */
  let edge = 0;
  const gap = (above: number, next: number) => {
    if (below >= 0) px += Math.max(below, above);
    below = next;
    edge = 0;
  };
  let kind = NONE; // the text block the previous non-blank line belongs to
  let blank = false; // a blank line since then
  // Wrapped text of the open paragraph, quote, or list item.
  let chars = 0;
  let width = perLine;
  let itemPad = 0;
  const flush = () => {
    if (chars > 0) px += Math.ceil(chars / width) * LINE_PX + itemPad;
    chars = 0;
  };
  let listIndent = 0;
  let listType = 0;
  let tablePx = 0;
  const endTable = () => {
    px += Math.min(tablePx, TABLE_MAX_PX);
    tablePx = 0;
  };
  let fence = ''; // the open code fence's characters (``` or ~~~)
  let math = false;
  let mathPx = 0;
  let mathTall = false;
  const mathLine = (t: string) => {
    if (!mathTall && TALL_MATH.test(t)) {
      mathTall = true;
      mathPx += MATH_TALL_PX;
    }
    for (let i = t.indexOf('\\\\'); i >= 0; i = t.indexOf('\\\\', i + 2)) mathPx += MATH_ROW_PX;
  };
  const endBlock = () => {
    flush();
    if (kind === TABLE) endTable();
    kind = NONE;
  };

  for (const line of text.split('\n')) {
    const t = line.trimStart();
    if (fence !== '') {
      if (closesFence(t, fence)) fence = '';
      else px += CODE_LINE_PX;
      continue;
    }
    if (math) {
      const end = t.indexOf('$$');
      mathLine(end < 0 ? t : t.slice(0, end));
      if (end >= 0) {
        math = false;
        px += mathPx;
      }
      continue;
    }
    if (t === '') {
      flush();
      if (kind === TABLE) endBlock();
      blank = true;
      continue;
    }
    const c = t.charCodeAt(0);
    const wasBlank = blank;
    blank = false;

    if (t.startsWith('```') || t.startsWith('~~~')) {
      endBlock();
      gap(FRAME_MARGIN_PX, FRAME_MARGIN_PX);
      px += CODE_BLOCK_PX;
      let n = 3;
      while (t.charCodeAt(n) === c) n++;
      fence = t.slice(0, n);
      continue;
    }
    if (c === 36 && t.charCodeAt(1) === 36) {
      // $$: display math, on its own lines or on one ($$ x $$).
      endBlock();
      if (below < 0) px += MATH_MARGIN_PX;
      gap(MATH_MARGIN_PX, MATH_MARGIN_PX);
      edge = MATH_MARGIN_PX;
      mathPx = MATH_PX;
      mathTall = false;
      const end = t.indexOf('$$', 2);
      mathLine(end < 0 ? t.slice(2) : t.slice(2, end));
      if (end < 0) math = true;
      else px += mathPx;
      continue;
    }
    if (c === 35) {
      // #: a heading when 1–6 of them are followed by a space (or end the line).
      let n = 1;
      while (n < 7 && t.charCodeAt(n) === 35) n++;
      const after = t.charCodeAt(n);
      if (n <= 6 && (Number.isNaN(after) || after === 32)) {
        endBlock();
        gap(HEADING_TOP_PX, HEADING_BOTTOM_PX);
        const linePx = HEADING_PX[n - 1] ?? LINE_PX;
        // Its glyphs are as much wider than body text as its line is taller than an h6's (body size), and bold.
        const glyphs = (shownLength(t) - n) * (linePx / HEADING_BODY_PX) * BOLD_WIDTH;
        px += Math.max(1, Math.ceil(glyphs / perLine)) * linePx;
        continue;
      }
    }
    if (isRule(t)) {
      endBlock();
      gap(RULE_MARGIN_PX, RULE_MARGIN_PX);
      px += 1;
      continue;
    }
    if (c === 124) {
      // |: a table row (the delimiter row under the header lays out nothing).
      if (kind !== TABLE || wasBlank) {
        endBlock();
        gap(FRAME_MARGIN_PX, FRAME_MARGIN_PX);
        tablePx = TABLE_PX;
        kind = TABLE;
      }
      if (!/^\|[\s:|-]*$/.test(t)) tablePx += TABLE_ROW_PX + (Math.ceil(t.length / perLine) - 1) * LINE_PX;
      continue;
    }
    if (c === 62) {
      // >: a quote; its lines join as a paragraph's do.
      if (kind !== QUOTE || wasBlank) {
        endBlock();
        gap(TEXT_MARGIN_PX, TEXT_MARGIN_PX);
        kind = QUOTE;
        width = indented;
        itemPad = 0;
        chars = shownLength(t) - 1;
      } else chars += shownLength(t);
      continue;
    }
    const marker = listMarker(t);
    if (marker !== 0) {
      const indent = line.length - t.length;
      if (kind === LIST && (indent > 0 || marker === listType)) {
        flush();
        // A deeper item opens a list inside the item above.
        if (indent > listIndent) px += NESTED_LIST_PX;
      } else {
        endBlock();
        gap(TEXT_MARGIN_PX, TEXT_MARGIN_PX);
        kind = LIST;
        if (indent === 0) listType = marker;
      }
      listIndent = indent;
      width = indented;
      itemPad = LIST_ITEM_PAD_PX;
      chars = shownLength(t);
      continue;
    }
    // Plain text: more of the paragraph, quote or item above unless a blank line came between.
    if (!wasBlank && kind !== NONE && kind !== TABLE) {
      chars += shownLength(t) + 1;
      continue;
    }
    if (kind === LIST && line.length - t.length >= 2) {
      // An indented paragraph after a blank line: more of the list item, a paragraph of its own in it.
      flush();
      px += TEXT_MARGIN_PX;
      itemPad = 0;
      chars = shownLength(t);
      continue;
    }
    endBlock();
    gap(TEXT_MARGIN_PX, TEXT_MARGIN_PX);
    kind = PARAGRAPH;
    width = perLine;
    itemPad = 0;
    chars = shownLength(t);
  }
  endBlock();
  if (math) px += mathPx;
  return px + edge;
}
