// @vitest-environment jsdom
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import Markdown from '../../src/gui/chat-window/markdown/markdown';
import { normalizeMathDelimiters } from '../../src/gui/chat-window/markdown/math-delimiters';

afterEach(cleanup);

function renderMarkdown(text: string, streaming = false) {
  return render(<Markdown text={text} streaming={streaming} />).container;
}

describe('markdown rendering of model output', () => {
  it('shows raw HTML as text and never creates the elements', () => {
    const container = renderMarkdown(
      'Hello <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned=2"> <b>bold?</b>\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('iframe')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<script>');
    expect(container.textContent).toContain('<iframe');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('never renders a javascript: link as a clickable link', () => {
    const container = renderMarkdown(
      '[click me](javascript:alert(1)) and [data](data:text/html,hi) <javascript:alert(2)>',
    );
    for (const a of container.querySelectorAll('a')) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|data):/i);
    }
    expect(container.textContent).toContain('click me');
  });

  it('opens normal links in a new tab without opener or referrer and shows the target', () => {
    const container = renderMarkdown('See [the docs](https://example.com/docs).');
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.com/docs');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.getAttribute('title')).toBe('https://example.com/docs');
  });

  it('does not load remote images', () => {
    const container = renderMarkdown('![tracker](https://evil.example/pixel.png)');
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('tracker');
  });

  it('renders code blocks with a language label and a copy button, and GFM tables', () => {
    const container = renderMarkdown('```python\nprint("hi")\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
    const block = container.querySelector('[data-code-block]');
    expect(block?.getAttribute('data-language')).toBe('python');
    expect(block?.textContent).toContain('print("hi")');
    expect(container.querySelector('[data-testid="code-copy"]')).not.toBeNull();
    expect(container.querySelector('table')).not.toBeNull();
  });
});

describe('long answers', () => {
  it('renders a long text completely, a few frames at a time, in segments', async () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Paragraph **${i}** ${'words '.repeat(20)}`);
    const container = renderMarkdown(paragraphs.join('\n\n'));
    await waitFor(() => expect(container.querySelectorAll('strong').length).toBe(120), { timeout: 5000 });
    expect(container.querySelectorAll('.markdown-segment').length).toBeGreaterThan(3);
    expect(container.querySelector('strong')?.textContent).toBe('0');
  });

  it('keeps the rendered blocks of a segment when a streamed answer grows past it (no re-parse from scratch)', async () => {
    const first = Array.from({ length: 6 }, (_, i) => `Paragraph **${i}** ${'words '.repeat(20)}`).join('\n\n');
    const view = render(<Markdown text={first} streaming />);
    await waitFor(() => expect(view.container.querySelectorAll('strong').length).toBe(6));
    const before = view.container.querySelector('strong');
    expect(view.container.querySelectorAll('.markdown-segment-frozen').length).toBe(0);
    const longer = `${first}\n\n${Array.from({ length: 18 }, (_, i) => `More **${i + 6}** ${'words '.repeat(20)}`).join('\n\n')}`;
    view.rerender(<Markdown text={longer} streaming />);
    await waitFor(() => expect(view.container.querySelectorAll('strong').length).toBe(24));
    expect(view.container.querySelectorAll('.markdown-segment-frozen').length).toBeGreaterThan(0);
    // The first paragraph's element is the same node: its segment froze in place instead of remounting.
    expect(view.container.querySelector('strong')).toBe(before);
  });
});

describe('math delimiters', () => {
  it('rewrites \\( \\) and \\[ \\] to dollars outside code', () => {
    expect(normalizeMathDelimiters('a \\(x^2\\) b')).toBe('a $x^2$ b');
    expect(normalizeMathDelimiters('\\[E=mc^2\\]')).toContain('$$\nE=mc^2\n$$');
    expect(normalizeMathDelimiters('`\\(x\\)`')).toBe('`\\(x\\)`');
    expect(normalizeMathDelimiters('```\n\\(x\\)\n```')).toBe('```\n\\(x\\)\n```');
  });

  it('keeps prices as text but real formulas as math', () => {
    expect(normalizeMathDelimiters('It costs $5 and $10.')).toBe('It costs \\$5 and \\$10.');
    expect(normalizeMathDelimiters('Solve $2x + 1 = 5$ now')).toBe('Solve $2x + 1 = 5$ now');
  });

  it('renders math with KaTeX once it has loaded', async () => {
    const container = renderMarkdown('Euler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\int_0^1 x\\,dx\n$$\n');
    await waitFor(() => expect(container.querySelectorAll('.katex').length).toBe(2), { timeout: 5000 });
    expect(container.querySelector('.katex-display')).not.toBeNull();
  });
});
