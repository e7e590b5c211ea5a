import { afterEach, describe, expect, it, vi } from 'vitest';
import { Generation, type StreamEvent } from '../../src/backend/chat-manager/generation';
import { loadConfig } from '../../src/utils/config';

afterEach(() => {
  vi.useRealTimers();
});

/** A generation with one subscriber; `next()` is the subscriber's next event, `settled` whether it came yet. */
function streamOf(coalesceMs: number) {
  vi.useFakeTimers();
  const g = new Generation({ id: 'm1', chatId: 'c1', model: 'fake', parentId: null }, coalesceMs);
  const events = g.subscribe().events();
  const next = () => {
    const state: { event: StreamEvent | null } = { event: null };
    const done = events.next().then((r) => {
      state.event = r.done ? null : r.value;
      return state.event;
    });
    return { state, done };
  };
  return { g, next };
}

describe('delta coalescing', () => {
  it('sends the first delta at once, then one event per interval with everything since', async () => {
    const { g, next } = streamOf(100);
    expect((await next().done)?.type).toBe('snapshot');

    const first = next();
    g.append('Hello', '');
    await vi.advanceTimersByTimeAsync(0);
    expect(first.state.event).toEqual({ type: 'delta', data: { content: 'Hello' } });

    const second = next();
    for (const word of [' a', ' b', ' c']) {
      g.append(word, '');
      await vi.advanceTimersByTimeAsync(20);
    }
    // 60 ms after the second token: still held.
    expect(second.state.event).toBeNull();
    await vi.advanceTimersByTimeAsync(40);
    expect(second.state.event).toEqual({ type: 'delta', data: { content: ' a b c' } });
  });

  it('wakes early for a large batch of tokens, and the final event flushes what is held', async () => {
    const { g, next } = streamOf(100);
    await next().done;
    const first = next();
    g.append('x', '');
    await first.done;

    const batch = next();
    g.append('y'.repeat(300), '', 300);
    await vi.advanceTimersByTimeAsync(0);
    expect(batch.state.event).toEqual({ type: 'delta', data: { content: 'y'.repeat(300) } });

    const held = next();
    g.append('z', '');
    g.finish({ type: 'cancelled', data: {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(held.state.event).toEqual({ type: 'delta', data: { content: 'z' } });
    expect((await next().done)?.type).toBe('cancelled');
  });

  it("sends a slow model's token as it comes once the last event is an interval old", async () => {
    const { g, next } = streamOf(100);
    await next().done;
    for (const word of ['one', ' two', ' three']) {
      const e = next();
      g.append(word, '');
      await vi.advanceTimersByTimeAsync(0);
      expect(e.state.event).toEqual({ type: 'delta', data: { content: word } });
      await vi.advanceTimersByTimeAsync(250); // a CPU-only model: 4 tokens a second
    }
  });

  it('holds a token that comes soon after an event only for the rest of the interval', async () => {
    const { g, next } = streamOf(100);
    await next().done;
    const first = next();
    g.append('a', '');
    await first.done;
    await vi.advanceTimersByTimeAsync(70);
    const second = next();
    g.append('b', '');
    await vi.advanceTimersByTimeAsync(29);
    expect(second.state.event).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(second.state.event).toEqual({ type: 'delta', data: { content: 'b' } });
  });

  it('sends what it holds when asked (before the runner stores the partial text)', async () => {
    const { g, next } = streamOf(100);
    await next().done;
    const first = next();
    g.append('a', '');
    await first.done;
    const held = next();
    g.append('b', '');
    await vi.advanceTimersByTimeAsync(10);
    expect(held.state.event).toBeNull();
    g.sendHeld();
    await vi.advanceTimersByTimeAsync(0);
    expect(held.state.event).toEqual({ type: 'delta', data: { content: 'b' } });
  });

  it('with an interval of 0 sends every token as it comes', async () => {
    const { g, next } = streamOf(0);
    await next().done;
    for (const word of ['a', 'b']) {
      const e = next();
      g.append(word, '');
      await vi.advanceTimersByTimeAsync(0);
      expect(e.state.event).toEqual({ type: 'delta', data: { content: word } });
    }
  });

  it('by default coalesces to about ten events a second, as often as the GUI shows an update', () => {
    expect(loadConfig({}).deltaCoalesceMs).toBe(100);
  });
});
