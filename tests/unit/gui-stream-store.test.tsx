// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createStreamBatcher, useStreamStore } from '../../src/gui/chat-window/stream-store';

function manualScheduler() {
  let queued: (() => void) | null = null;
  return {
    schedule: (flush: () => void) => {
      queued = flush;
    },
    runFrame: () => {
      const f = queued;
      queued = null;
      f?.();
    },
    pending: () => queued !== null,
  };
}

beforeEach(() => useStreamStore.setState({ streams: {} }));

describe('live stream store', () => {
  it('replaces text with the snapshot, then appends deltas', () => {
    const { apply } = useStreamStore.getState();
    apply([{ type: 'delta', id: 'm1', data: { content: 'stale ' } }]);
    apply([
      { type: 'snapshot', id: 'm1', data: { messageId: 'm1', content: 'Hello', thinking: 'hm', status: 'streaming' } },
      { type: 'delta', id: 'm1', data: { content: ', world' } },
      { type: 'delta', id: 'm1', data: { thinking: '…', content: '!' } },
    ]);
    const stream = useStreamStore.getState().streams.m1;
    expect(stream?.content).toBe('Hello, world!');
    expect(stream?.thinking).toBe('hm…');
    expect(stream?.status).toBe('streaming');
  });

  it('a reconnect snapshot replaces what was there (no duplicated text)', () => {
    const { apply } = useStreamStore.getState();
    apply([
      { type: 'snapshot', id: 'm1', data: { messageId: 'm1', content: 'abc', thinking: '', status: 'streaming' } },
      { type: 'delta', id: 'm1', data: { content: 'def' } },
      { type: 'snapshot', id: 'm1', data: { messageId: 'm1', content: 'abcdef', thinking: '', status: 'streaming' } },
      { type: 'delta', id: 'm1', data: { content: 'g' } },
    ]);
    expect(useStreamStore.getState().streams.m1?.content).toBe('abcdefg');
  });

  it('moves from queued to streaming on the first delta and records the final status', () => {
    const { apply } = useStreamStore.getState();
    apply([{ type: 'snapshot', id: 'm2', data: { messageId: 'm2', content: '', thinking: '', status: 'queued' } }]);
    expect(useStreamStore.getState().streams.m2?.status).toBe('queued');
    apply([{ type: 'delta', id: 'm2', data: { content: 'Hi' } }]);
    expect(useStreamStore.getState().streams.m2?.status).toBe('streaming');
    apply([{ type: 'final', id: 'm2', status: 'error', error: { code: 'ollama_dropped', message: 'gone' } }]);
    expect(useStreamStore.getState().streams.m2?.status).toBe('error');
    expect(useStreamStore.getState().streams.m2?.error?.code).toBe('ollama_dropped');
    expect(useStreamStore.getState().streams.m2?.content).toBe('Hi');
  });

  it('applies events at most once per frame, and final events at once', () => {
    const frames = manualScheduler();
    const batcher = createStreamBatcher(frames.schedule);
    let renders = 0;
    const unsubscribe = useStreamStore.subscribe(() => {
      renders += 1;
    });
    batcher.push({
      type: 'snapshot',
      id: 'm3',
      data: { messageId: 'm3', content: '', thinking: '', status: 'streaming' },
    });
    for (let i = 0; i < 50; i++) batcher.push({ type: 'delta', id: 'm3', data: { content: 'x' } });
    expect(renders).toBe(0);
    frames.runFrame();
    expect(renders).toBe(1);
    expect(useStreamStore.getState().streams.m3?.content).toBe('x'.repeat(50));
    batcher.push({ type: 'delta', id: 'm3', data: { content: 'y' } });
    batcher.push({ type: 'final', id: 'm3', status: 'complete' });
    expect(renders).toBe(2);
    expect(useStreamStore.getState().streams.m3?.content).toBe(`${'x'.repeat(50)}y`);
    expect(useStreamStore.getState().streams.m3?.status).toBe('complete');
    frames.runFrame();
    expect(renders).toBe(2);
    unsubscribe();
  });
});
