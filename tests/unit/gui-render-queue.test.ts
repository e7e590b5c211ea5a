import { describe, expect, it } from 'vitest';
import { CHARS_PER_FRAME, FRAME_WORK_MS } from '../../src/gui/chat-window/markdown/progressive-text';
import { createRenderQueue } from '../../src/gui/chat-window/markdown/render-queue';

/** A queue on a hand-driven frame clock: `frame()` runs what asked for the next frame. */
function setup() {
  let pending: (() => void) | null = null;
  let clock = 0;
  const queue = createRenderQueue(
    (run) => {
      if (pending) throw new Error('two frames asked for at once');
      pending = run;
    },
    () => clock,
  );
  const granted: string[] = [];
  const releases = new Map<string, () => void>();
  const ask = (name: string, chars: number, distance: number) =>
    releases.set(
      name,
      queue.request(chars, distance, () => granted.push(name)),
    );
  const frame = () => {
    const run = pending;
    pending = null;
    run?.();
  };
  return {
    ask,
    frame,
    granted,
    hasFrame: () => pending !== null,
    release: (name: string) => releases.get(name)?.(),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('render queue for finished markdown segments', () => {
  it('grants one frame of text at a time, nearest the view first', () => {
    const q = setup();
    q.ask('far', CHARS_PER_FRAME, 1500);
    q.ask('on screen', CHARS_PER_FRAME, 0);
    q.ask('near', CHARS_PER_FRAME, 200);
    expect(q.granted).toEqual([]);
    q.frame();
    expect(q.granted).toEqual(['on screen']);
    // The next frame waits until the granted render has committed.
    expect(q.hasFrame()).toBe(false);
    q.advance(FRAME_WORK_MS + 5);
    q.release('on screen');
    q.frame();
    expect(q.granted).toEqual(['on screen', 'near']);
    q.advance(FRAME_WORK_MS + 5);
    q.release('near');
    q.frame();
    expect(q.granted).toEqual(['on screen', 'near', 'far']);
  });

  it('grants more per frame after cheap renders, and always at least one ask however long', () => {
    const q = setup();
    for (let i = 0; i < 6; i++) q.ask(`s${i}`, CHARS_PER_FRAME, i);
    q.frame();
    expect(q.granted).toEqual(['s0']);
    q.advance(1);
    q.release('s0');
    q.frame();
    // A cheap frame doubled the budget: two segments now.
    expect(q.granted).toEqual(['s0', 's1', 's2']);
    q.ask('huge', 10 * CHARS_PER_FRAME, 0);
    q.advance(1);
    q.release('s1');
    expect(q.hasFrame()).toBe(false); // s2 is still rendering
    q.release('s2');
    q.frame();
    expect(q.granted.at(-1)).toBe('huge');
    expect(q.granted).toHaveLength(4);
  });

  it('a withdrawn ask is never granted, and a gone asker does not stall the queue', () => {
    const q = setup();
    q.ask('a', CHARS_PER_FRAME, 0);
    q.ask('b', CHARS_PER_FRAME, 10);
    q.release('b');
    q.frame();
    expect(q.granted).toEqual(['a']);
    // Released twice (render committed, then unmounted): counts once.
    q.release('a');
    q.release('a');
    expect(q.hasFrame()).toBe(false);
    q.ask('c', CHARS_PER_FRAME, 0);
    q.frame();
    expect(q.granted).toEqual(['a', 'c']);
  });
});
