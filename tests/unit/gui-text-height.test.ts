import { describe, expect, it } from 'vitest';
import { charsPerLine, LINE_PX, textHeight } from '../../src/gui/chat-window/markdown/text-height';

const PER_LINE = 90;

describe('textHeight', () => {
  it('counts a paragraph by its wrapped lines, and the collapsed 9 px margins between paragraphs', () => {
    expect(textHeight('short', PER_LINE)).toBe(LINE_PX);
    expect(textHeight('x'.repeat(PER_LINE * 3), PER_LINE)).toBe(3 * LINE_PX);
    expect(textHeight('x'.repeat(PER_LINE * 3 + 1), PER_LINE)).toBe(4 * LINE_PX);
    expect(textHeight('one\n\ntwo\n\nthree', PER_LINE)).toBe(3 * LINE_PX + 2 * 9);
  });

  it('joins the lines of one paragraph, as markdown does', () => {
    const half = 'x'.repeat(PER_LINE / 2 - 1);
    expect(textHeight(`${half}\n${half}`, PER_LINE)).toBe(LINE_PX);
  });

  it('counts no margin at the edges of the text: blank lines at its start or end add nothing', () => {
    expect(textHeight('\n\nparagraph\n\n\n', PER_LINE)).toBe(LINE_PX);
    expect(textHeight('', PER_LINE)).toBe(0);
  });

  it('makes a heading taller than a paragraph line, with its larger margin above', () => {
    expect(textHeight('## A heading', PER_LINE)).toBe(30);
    expect(textHeight('# A heading', PER_LINE)).toBeGreaterThan(textHeight('###### A heading', PER_LINE));
    expect(textHeight('## A heading', PER_LINE)).toBeGreaterThan(textHeight('A heading', PER_LINE));
    // Paragraph, then 22.5 px (the heading's top margin wins), the h2, 9 px, the paragraph.
    expect(textHeight('text\n\n## Heading\n\ntext', PER_LINE)).toBe(24 + 22.5 + 30 + 9 + 24);
    // Not a heading: no space after the hashes.
    expect(textHeight('#hashtag', PER_LINE)).toBe(LINE_PX);
  });

  it('counts a table as its frame and about 35 px a row, header included, up to the height it scrolls at', () => {
    const table = (rows: number) =>
      ['| a | b |', '|---|---:|', ...Array.from({ length: rows }, (_, i) => `| ${i} | ${i * 2} |`)].join('\n');
    expect(textHeight(table(1), PER_LINE)).toBeCloseTo(117, 0);
    expect(textHeight(table(2), PER_LINE)).toBeCloseTo(151.75, 1);
    const perRow = textHeight(table(5), PER_LINE) - textHeight(table(4), PER_LINE);
    expect(perRow).toBeGreaterThanOrEqual(33);
    expect(perRow).toBeLessThanOrEqual(41);
    expect(textHeight(table(40), PER_LINE)).toBe(textHeight(table(12), PER_LINE));
  });

  it('counts display math by KaTeX height, not by its source lines', () => {
    const simple = textHeight('$$\na^2 + b^2 = c^2\n$$', PER_LINE);
    const fraction = textHeight('$$\n\\int_0^{3} x^2 \\, dx = \\frac{27}{3}\n$$', PER_LINE);
    const rows = textHeight('$$\n\\begin{aligned} x &= 1 \\\\ y &= 2 \\end{aligned}\n$$', PER_LINE);
    // KaTeX's 15 px margin stays at the text's edges: 30.3 px of math between them.
    expect(simple).toBeCloseTo(15 + 30.3 + 15, 1);
    expect(fraction).toBeGreaterThan(simple);
    expect(rows).toBeGreaterThan(simple);
    expect(textHeight('$$ x = 1 $$', PER_LINE)).toBe(simple);
    // Three source lines would be 72 px of text.
    expect(fraction - 30).toBeLessThan(3 * LINE_PX);
  });

  it('counts list items with their padding, a nested list with its margins, and one list when items are loose', () => {
    expect(textHeight('- one\n- two', PER_LINE)).toBe(2 * 31.5);
    expect(textHeight('- one\n\n- two', PER_LINE)).toBe(2 * 31.5);
    expect(textHeight('1. one\n2. two', PER_LINE)).toBe(2 * 31.5);
    expect(textHeight('- one\n  - nested\n- two', PER_LINE)).toBe(3 * 31.5 + 18);
    // A bulleted list right after a numbered one is a second list.
    expect(textHeight('1. one\n- two', PER_LINE)).toBe(2 * 31.5 + 9);
    // A long item wraps (a little narrower than a paragraph).
    expect(textHeight(`- ${'x'.repeat(PER_LINE * 2)}`, PER_LINE)).toBe(3 * LINE_PX + 7.5);
  });

  it('counts code blocks by their lines and frame, quotes and rules', () => {
    expect(textHeight('```ts\na\nb\nc\n```', PER_LINE)).toBeCloseTo(117.6, 1);
    expect(textHeight('```\n# not a heading\n| nor a table\n```', PER_LINE)).toBeCloseTo(58.2 + 2 * 19.8, 1);
    // A longer fence holds a shorter one as text; only a run at least as long, alone on its line, closes it.
    expect(textHeight('````md\n```\nx\n```\n````', PER_LINE)).toBeCloseTo(58.2 + 3 * 19.8, 1);
    expect(textHeight('> a quote\n> that goes on', PER_LINE)).toBe(LINE_PX);
    expect(textHeight('text\n\n---\n\ntext', PER_LINE)).toBe(24 + 22.5 + 1 + 22.5 + 24);
  });

  it('counts what a line of text shows: not a link’s address, about half of inline math’s TeX', () => {
    const words = 'word '.repeat(16); // 80 characters
    expect(textHeight(`${words}[link](https://example.com/a/long/address)`, PER_LINE)).toBe(LINE_PX);
    expect(textHeight(`${words}$\\frac{n(n+1)}{2}$`, PER_LINE)).toBe(LINE_PX);
  });

  it('estimates dense markdown above the same text as plain lines', () => {
    const section = [
      '## Section 1',
      '',
      'A paragraph.',
      '',
      '- item',
      '- item',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '$$',
      '\\frac{1}{2}',
      '$$',
    ].join('\n');
    const lines = section.split('\n').filter((l) => l !== '').length;
    expect(textHeight(section, PER_LINE)).toBeGreaterThan(lines * LINE_PX);
  });
});

describe('charsPerLine', () => {
  it('divides the width by a glyph width measured from prose (about 100 in the 736 px column without a canvas)', () => {
    expect(charsPerLine(736)).toBe(100);
    expect(charsPerLine(736, 0.85, 32)).toBeLessThan(charsPerLine(736));
    expect(charsPerLine(10)).toBe(20);
  });
});
