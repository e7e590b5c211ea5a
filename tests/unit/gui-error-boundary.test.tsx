// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ERROR_CODES } from '../../src/gui/api';
import { ErrorBoundary, ErrorPanel, renderErrorInfo } from '../../src/gui/ui/error-boundary';
import { chunkLoader } from '../../src/gui/ui/lazy-named';

afterEach(cleanup);

describe('chunkLoader', () => {
  it('fetches once while loading and after loading, and gives the module to synchronous readers', async () => {
    const module = { name: 'page' };
    const load = vi.fn(async () => module);
    const get = chunkLoader(load);
    expect(get.loaded).toBeNull();
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(module);
    expect(b).toBe(module);
    await get();
    expect(load).toHaveBeenCalledTimes(1);
    expect(get.loaded).toBe(module);
  });

  it('tries again after a failure: a blip while prefetching must not break the page for good', async () => {
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module: /assets/x.js'))
      .mockResolvedValueOnce('module');
    const get = chunkLoader(load);
    await expect(get()).rejects.toThrow('dynamically imported module');
    expect(get.loaded).toBeNull();
    await expect(get()).resolves.toBe('module');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('renderErrorInfo', () => {
  it('words a chunk that failed to load, in each browser’s wording, as the GUI’s own error with Reload', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: http://127.0.0.1/assets/a.js',
      'Importing a module script failed.',
      'error loading dynamically imported module: http://127.0.0.1/assets/a.js',
      'Unable to preload CSS for /assets/a.css',
    ]) {
      const info = renderErrorInfo(new TypeError(message));
      expect(info.code).toBe(CLIENT_ERROR_CODES.chunkLoadFailed);
      expect(info.hint?.action).toBe('reload');
    }
  });

  it('keeps any other error’s own message', () => {
    const info = renderErrorInfo(new Error('boom in a row'));
    expect(info.message).toBe('boom in a row');
    expect(info.code).toBe('unknown');
  });
});

function Thrower({ when }: { when: boolean }) {
  if (when) throw new Error('render failed');
  return <p>fine</p>;
}

const chunkRenders = { count: 0 };

function ChunkThrower({ fail }: { fail: boolean }) {
  chunkRenders.count++;
  if (fail) throw new TypeError('Failed to fetch dynamically imported module: /assets/markdown-x.js');
  return <p>rendered</p>;
}

describe('ErrorBoundary', () => {
  it('draws its fallback in place of children that threw, and tries again when its reset key changes', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fallback = vi.fn((error: { message: string }) => <p>fallback: {error.message}</p>);
    const { rerender } = render(
      <ErrorBoundary resetKey="/a" fallback={fallback}>
        <Thrower when />
      </ErrorBoundary>,
    );
    expect(screen.getByText('fallback: render failed')).toBeTruthy();

    // Same key: stays on the fallback even though the children would now render.
    rerender(
      <ErrorBoundary resetKey="/a" fallback={fallback}>
        <Thrower when={false} />
      </ErrorBoundary>,
    );
    expect(screen.queryByText('fine')).toBeNull();

    rerender(
      <ErrorBoundary resetKey="/b" fallback={fallback}>
        <Thrower when={false} />
      </ErrorBoundary>,
    );
    expect(screen.getByText('fine')).toBeTruthy();
    quiet.mockRestore();
  });

  it('with keepChunkFailure, a chunk that failed to load keeps its fallback whatever the reset key', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { rerender } = render(
      <ErrorBoundary resetKey="text 1" keepChunkFailure fallback={() => <p>plain</p>}>
        <ChunkThrower fail />
      </ErrorBoundary>,
    );
    expect(screen.getByText('plain')).toBeTruthy();
    const before = chunkRenders.count;
    // A streamed answer changes its text many times a second: none of them renders the failed part again.
    rerender(
      <ErrorBoundary resetKey="text 2" keepChunkFailure fallback={() => <p>plain</p>}>
        <ChunkThrower fail={false} />
      </ErrorBoundary>,
    );
    expect(screen.getByText('plain')).toBeTruthy();
    expect(chunkRenders.count).toBe(before);
    quiet.mockRestore();
  });

  it('without it, a new reset key renders the children again: another page may load where one failed', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { rerender } = render(
      <ErrorBoundary resetKey="/models" fallback={() => <p>failed</p>}>
        <ChunkThrower fail />
      </ErrorBoundary>,
    );
    expect(screen.getByText('failed')).toBeTruthy();
    rerender(
      <ErrorBoundary resetKey="/c/1" fallback={() => <p>failed</p>}>
        <ChunkThrower fail={false} />
      </ErrorBoundary>,
    );
    expect(screen.getByText('rendered')).toBeTruthy();
    quiet.mockRestore();
  });

  it('the panel shows the message, the hint and a Reload button', () => {
    render(<ErrorPanel error={renderErrorInfo(new TypeError('Importing a module script failed.'))} />);
    const panel = screen.getByTestId('error-panel');
    expect(panel.textContent).toContain("Part of the app couldn't be loaded");
    expect(panel.textContent).toContain('reload the page');
    expect(screen.getByTestId('error-action').textContent).toBe('Reload');
  });
});
