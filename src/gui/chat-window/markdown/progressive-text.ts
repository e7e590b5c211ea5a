import { useEffect, useState } from 'react';

/** Characters of new text rendered per animation frame; bounds the markdown work of one frame. */
export const CHARS_PER_FRAME = 1200;

/**
 * The text to render now: all of it when it is short or grew by little; otherwise it catches up
 * CHARS_PER_FRAME at a time, so a burst of 50 KB (a fast model, a snapshot after reconnecting, a
 * huge answer from history) is parsed over several frames instead of in one long task.
 */
export function useProgressiveText(text: string): string {
  const [shown, setShown] = useState(() => (text.length <= CHARS_PER_FRAME ? text : text.slice(0, CHARS_PER_FRAME)));
  // A continuation keeps what is shown; anything else (a replacing snapshot) starts again.
  const base = text.startsWith(shown) ? shown : text.slice(0, Math.min(text.length, CHARS_PER_FRAME));
  const current = text.length - base.length <= CHARS_PER_FRAME ? text : base;

  useEffect(() => {
    if (current === text) {
      if (shown !== text) setShown(text);
      return;
    }
    const frame = requestAnimationFrame(() => setShown(text.slice(0, current.length + CHARS_PER_FRAME)));
    return () => cancelAnimationFrame(frame);
  }, [text, current, shown]);

  return current;
}
