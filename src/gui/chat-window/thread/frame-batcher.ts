export type Scheduler = (flush: () => void) => void;

/** The next animation frame; a timer when the tab is hidden (frames stop there) or outside a browser. */
export const frameScheduler: Scheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(flush);
  } else {
    setTimeout(flush, 16);
  }
};

/**
 * Animation frames at most every `intervalMs`: the first flush of a quiet stream runs on the next frame
 * (the first words of an answer show at once), later ones wait until `intervalMs` has passed since the
 * previous flush. A frame per SSE event (40 a second) costs a markdown parse, a React commit, style,
 * layout and paint each time; ten a second read as smoothly and cost a quarter as much.
 */
export function throttledFrameScheduler(intervalMs: number, now: () => number = () => performance.now()): Scheduler {
  let last = Number.NEGATIVE_INFINITY;
  return (flush) => {
    const run = () => {
      last = now();
      flush();
    };
    const wait = last + intervalMs - now();
    if (wait <= 0) frameScheduler(run);
    else setTimeout(() => frameScheduler(run), wait);
  };
}

/**
 * Collects items and hands them over at most once per frame, so a fast stream costs one store update
 * (and one render) per frame, not one per SSE event. `flush()` hands over what is queued at once.
 */
export function createFrameBatcher<T>(apply: (items: T[]) => void, schedule: Scheduler = frameScheduler) {
  let queued: T[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queued.length === 0) return;
    const items = queued;
    queued = [];
    apply(items);
  };
  return {
    push(item: T) {
      queued.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        if (scheduled) flush();
      });
    },
    flush,
    /** Hands back what is queued (and cancels the pending frame), for the caller to apply itself. */
    take(): T[] {
      const items = queued;
      queued = [];
      scheduled = false;
      return items;
    },
    clear() {
      queued = [];
      scheduled = false;
    },
  };
}
