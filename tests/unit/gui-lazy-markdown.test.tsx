// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LazyMarkdown } from '../../src/gui/chat-window/markdown/lazy-markdown';

afterEach(cleanup);

describe('LazyMarkdown while the renderer loads', () => {
  // The first render in this file: the markdown chunk is still being imported, so the fallback shows.
  it('shows the start of a long text, not all of it, and the whole of a short one', () => {
    const long = `# Start\n\n${'A sentence of a long answer. '.repeat(4000)}`;
    const { unmount } = render(<LazyMarkdown text={long} />);
    const shown = screen.getByTestId('markdown-plain').textContent ?? '';
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeLessThan(long.length / 10);
    unmount();

    render(<LazyMarkdown text="A short answer." />);
    expect(screen.getByTestId('markdown-plain').textContent).toBe('A short answer.');
  });
});
