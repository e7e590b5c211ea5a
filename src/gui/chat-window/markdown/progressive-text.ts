import { useEffect, useRef, useState } from 'react';

/** Characters of new text rendered in one frame at first; bounds the markdown work of one frame. */
export const CHARS_PER_FRAME = 1200;
/** The most one frame may add once frames have proved cheap. */
export const MAX_CHARS_PER_FRAME = 19_200;
/** A step whose frame took less than this grows; one that took more than twice this shrinks. */
export const FRAME_WORK_MS = 20;

/**
 * How much text one frame adds, learned from what the last steps cost: the step doubles while a step's
 * frame takes well under a frame's work and halves after a slow one, so a 100 KB answer that arrived
 * whole is on screen in a few dozen frames on a fast machine and never in one long task on a slow one.
 * One per answer: two answers rendering at once (or a test) never share what they learned.
 */
export interface ProgressivePace {
  /** Characters the next frame may add. */
  readonly step: number;
  /** What a step cost, from the frame that asked for it to its commit's effects. */
  learn: (ms: number) => void;
}

export function createProgressivePace(): ProgressivePace {
  let step = CHARS_PER_FRAME;
  return {
    get step() {
      return step;
    },
    learn(ms) {
      if (ms < FRAME_WORK_MS) step = Math.min(MAX_CHARS_PER_FRAME, step * 2);
      else if (ms > 2 * FRAME_WORK_MS) step = Math.max(CHARS_PER_FRAME, Math.floor(step / 2));
    },
  };
}

/**
 * The text to render now: all of it when it is short or grew by little; otherwise it catches up a step at
 * a time, so a burst of 50 KB (a fast model, a snapshot after reconnecting, a huge answer from history)
 * is parsed over several frames instead of in one long task.
 */
export function useProgressiveText(text: string, stepping = true): string {
  const [pace] = useState(createProgressivePace);
  const [stepped, setStepped] = useState(() => (text.length <= pace.step ? text : text.slice(0, pace.step)));
  /**
   * The whole text as of the last render that showed all of it. Kept in a ref: following the text while it
   * grows by little needs no render of its own (a state update here was a second render per stream update).
   */
  const caughtUp = useRef('');
  const shown =
    caughtUp.current.length > stepped.length && caughtUp.current.startsWith(stepped) ? caughtUp.current : stepped;
  // A continuation keeps what is shown; anything else (a replacing snapshot) starts again.
  const base = text.startsWith(shown) ? shown : text.slice(0, Math.min(text.length, pace.step));
  const current = text.length - base.length <= pace.step ? text : base;

  /** When the step being rendered was asked for (null: none). */
  const stepStartedAt = useRef<number | null>(null);
  useEffect(() => {
    // This render showed a step: what it cost sets the size of the next one. The step renders in React's
    // own task, not inside the frame's callback: rendering it there (flushSync) made render, layout and
    // paint one task, and at 2,000 tok/s many of those went over 50 ms of CPU.
    if (stepStartedAt.current !== null) {
      pace.learn(performance.now() - stepStartedAt.current);
      stepStartedAt.current = null;
    }
    if (current === text) {
      caughtUp.current = text;
      return;
    }
    if (!stepping) return;
    const frame = requestAnimationFrame(() => {
      stepStartedAt.current = performance.now();
      setStepped(text.slice(0, current.length + pace.step));
    });
    return () => cancelAnimationFrame(frame);
  }, [text, current, pace, stepping]);

  return current;
}
