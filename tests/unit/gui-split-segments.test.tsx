// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createSegmenter, splitSegments } from '../../src/gui/chat-window/markdown/split-segments';

function longDoc(): string {
  const parts: string[] = [];
  for (let i = 0; i < 60; i++) {
    parts.push(`## Section ${i}\n\nSome prose for section ${i}. ${'More words here. '.repeat(8)}`);
    if (i % 5 === 0) parts.push('```ts\nconst a = 1;\n\nconst b = 2;\n```');
    if (i % 7 === 0) parts.push('- one\n- two\n\n- three after a blank line');
    if (i % 11 === 0) parts.push('| a | b |\n|---|---|\n| 1 | 2 |');
  }
  return parts.join('\n\n');
}

describe('splitting long markdown into segments', () => {
  it('keeps short text whole', () => {
    expect(splitSegments('hello\n\nworld')).toEqual(['hello\n\nworld']);
  });

  it('loses nothing and never cuts inside a code fence or a list', () => {
    const doc = longDoc();
    const segments = splitSegments(doc, 500);
    expect(segments.length).toBeGreaterThan(5);
    expect(segments.join('')).toBe(doc);
    for (const segment of segments) {
      const fences = segment.match(/^```/gm)?.length ?? 0;
      expect(fences % 2).toBe(0);
      expect(segment.startsWith('- three')).toBe(false);
    }
  });

  it('is prefix-stable: cuts made while streaming never move as text is appended', () => {
    const doc = longDoc();
    const full = splitSegments(doc, 500);
    for (let end = 200; end < doc.length; end += 173) {
      const partial = splitSegments(doc.slice(0, end), 500);
      // Every finished segment of the partial text is a finished segment of the full text.
      expect(partial.slice(0, -1)).toEqual(full.slice(0, partial.length - 1));
    }
  });

  it('splits a growing text incrementally into the same segments as splitting it whole', () => {
    const doc = longDoc();
    const segmenter = createSegmenter(500);
    for (let end = 0; end <= doc.length; end += 37) {
      const text = doc.slice(0, end);
      expect(segmenter(text)).toEqual(splitSegments(text, 500));
    }
    expect(segmenter(doc)).toEqual(splitSegments(doc, 500));
    // A text that does not continue the last one (a replaced answer) is split afresh.
    const other = `# Other\n\n${doc.slice(200)}`;
    expect(segmenter(other)).toEqual(splitSegments(other, 500));
  });
});
