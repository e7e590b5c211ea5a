import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFrameBatcher, throttledFrameScheduler } from '../../src/gui/chat-window/thread/frame-batcher';

afterEach(() => {
  vi.useRealTimers();
});

/** Fake timers drive both the scheduler's flush task and its clock. */
function throttledBatcher() {
  vi.useFakeTimers();
  const batches: number[][] = [];
  const batcher = createFrameBatcher<number>(
    (items) => batches.push(items),
    throttledFrameScheduler({ minIntervalMs: 100, now: () => Date.now() }),
  );
  return { batches, batcher };
}

describe('throttled frame scheduler', () => {
  it('flushes the first batch at once and later ones no sooner than the interval after the previous flush', () => {
    const { batches, batcher } = throttledBatcher();
    batcher.push(1);
    vi.advanceTimersByTime(16);
    expect(batches).toEqual([[1]]);

    for (let i = 2; i <= 5; i++) {
      batcher.push(i);
      vi.advanceTimersByTime(20);
    }
    // 80 ms after the first flush: still held.
    expect(batches).toEqual([[1]]);
    vi.advanceTimersByTime(40);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);

    // A quiet stream gets its next item on the next frame again.
    vi.advanceTimersByTime(500);
    batcher.push(6);
    vi.advanceTimersByTime(16);
    expect(batches).toEqual([[1], [2, 3, 4, 5], [6]]);
  });

  it('hands over everything queued at once on flush, whatever the interval', () => {
    const { batches, batcher } = throttledBatcher();
    batcher.push(1);
    vi.advanceTimersByTime(16);
    batcher.push(2);
    batcher.push(3);
    expect(batcher.take()).toEqual([2, 3]);
    vi.advanceTimersByTime(200);
    expect(batches).toEqual([[1]]);
  });

  /**
   * Flushes that each cost 30 ms of the clock they see (`spend` charges it, during the flush or later in a
   * microtask): at a 10 % budget one flush per 300 ms, not per 100 ms.
   */
  async function expectSpacedOut(spend: (charge: () => void) => void) {
    vi.useFakeTimers();
    let spent = 0;
    const now = () => Date.now() + spent;
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>(
      (items) => {
        batches.push(items);
        spend(() => {
          spent += 30;
        });
      },
      throttledFrameScheduler({ minIntervalMs: 100, maxIntervalMs: 300, budget: 0.1, now }),
    );
    batcher.push(1);
    await vi.advanceTimersByTimeAsync(16);
    expect(batches).toEqual([[1]]);
    batcher.push(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(batches).toEqual([[1]]);
    await vi.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([[1], [2]]);
  }

  it('spaces flushes out when they are expensive, to stay within their share of the main thread', async () => {
    await expectSpacedOut((charge) => charge());
  });

  it('counts the render a flush queues as a microtask (how React renders a store update) in its cost', async () => {
    await expectSpacedOut((charge) => queueMicrotask(charge));
  });

  it('a push after take() reuses the callback already handed to the scheduler', () => {
    const pending: (() => void)[] = [];
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>(
      (items) => batches.push(items),
      (flush) => pending.push(flush),
    );
    batcher.push(1);
    expect(batcher.take()).toEqual([1]);
    batcher.push(2);
    expect(pending).toHaveLength(1);
    pending.shift()?.();
    expect(batches).toEqual([[2]]);
    batcher.push(3);
    expect(pending).toHaveLength(1);
  });
});
