import { useEffect, useState } from 'react';

/** Characters of new text rendered in one frame at first; bounds the markdown work of one frame. */
export const CHARS_PER_FRAME = 1200;
/** The most one frame may add once frames have proved cheap. */
const MAX_CHARS_PER_FRAME = 19_200;
/** A step whose render took less than this grows; one that took more than twice this shrinks. */
const FRAME_WORK_MS = 20;

/**
 * How much text one frame adds, shared by every answer: it doubles while a step renders in well under a
 * frame's work and halves when a step was slow, so a 100 KB answer that arrived whole is on screen in a
 * few dozen frames on a fast machine and never in one long task on a slow one.
 */
let step = CHARS_PER_FRAME;
/** When the step being rendered was asked for (null: none). */
let stepStartedAt: number | null = null;

function learn(ms: number): void {
  if (ms < FRAME_WORK_MS) step = Math.min(MAX_CHARS_PER_FRAME, step * 2);
  else if (ms > 2 * FRAME_WORK_MS) step = Math.max(CHARS_PER_FRAME, Math.floor(step / 2));
}

/**
 * The text to render now: all of it when it is short or grew by little; otherwise it catches up a step at
 * a time, so a burst of 50 KB (a fast model, a snapshot after reconnecting, a huge answer from history)
 * is parsed over several frames instead of in one long task.
 */
export function useProgressiveText(text: string): string {
  const [shown, setShown] = useState(() => (text.length <= step ? text : text.slice(0, step)));
  // A continuation keeps what is shown; anything else (a replacing snapshot) starts again.
  const base = text.startsWith(shown) ? shown : text.slice(0, Math.min(text.length, step));
  const current = text.length - base.length <= step ? text : base;

  useEffect(() => {
    // This render showed a step: what it cost (React, and usually style, layout and paint, which run
    // before passive effects of a frame's update) sets the size of the next one.
    if (stepStartedAt !== null) {
      learn(performance.now() - stepStartedAt);
      stepStartedAt = null;
    }
    if (current === text) {
      if (shown !== text) setShown(text);
      return;
    }
    const frame = requestAnimationFrame(() => {
      stepStartedAt = performance.now();
      setShown(text.slice(0, current.length + step));
    });
    return () => cancelAnimationFrame(frame);
  }, [text, current, shown]);

  return current;
}
