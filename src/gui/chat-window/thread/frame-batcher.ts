export type Scheduler = (flush: () => void) => void;

/** The next animation frame; a timer when the tab is hidden (frames stop there) or outside a browser. */
export const frameScheduler: Scheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(flush);
  } else {
    setTimeout(flush, 16);
  }
};

export interface ThrottleOptions {
  /** The shortest time between two flushes. */
  minIntervalMs: number;
  /** The longest, however slow the flushes are. */
  maxIntervalMs?: number;
  /**
   * The share of the main thread the flushes may take: the interval grows to `cost / budget`, where the
   * cost is a flush plus the frame it caused (render, style, layout, paint), smoothed over a few flushes.
   */
  budget?: number;
  now?: () => number;
}

/**
 * Animation frames at most every `minIntervalMs` (longer when flushes are expensive, see `budget`): the
 * first flush of a quiet stream runs on the next frame (the first words of an answer show at once), later
 * ones wait until the interval has passed since the previous flush. A frame per SSE event (40 a second)
 * costs a markdown parse, a React commit, style, layout and paint each time; ten a second read as
 * smoothly and cost a quarter as much, and on a slow machine fewer, larger updates keep it responsive.
 */
export function throttledFrameScheduler({
  minIntervalMs,
  maxIntervalMs = minIntervalMs,
  budget = 1,
  now = () => performance.now(),
}: ThrottleOptions): Scheduler {
  let last = Number.NEGATIVE_INFINITY;
  let cost = 0;
  return (flush) => {
    const run = () => {
      const start = now();
      last = start;
      flush();
      // A task queued from the frame callback runs once the frame it changed has been rendered.
      if (budget < 1) {
        setTimeout(() => {
          cost = cost === 0 ? now() - start : 0.7 * cost + 0.3 * (now() - start);
        }, 0);
      }
    };
    // The interval is read again when the wait ends: the last flush's cost may have come in meanwhile.
    const attempt = () => {
      const interval = Math.min(maxIntervalMs, Math.max(minIntervalMs, cost / budget));
      const wait = last + interval - now();
      if (wait <= 0) frameScheduler(run);
      else setTimeout(attempt, wait);
    };
    attempt();
  };
}

/**
 * Collects items and hands them over at most once per frame, so a fast stream costs one store update
 * (and one render) per frame, not one per SSE event. `flush()` hands over what is queued at once.
 */
export function createFrameBatcher<T>(apply: (items: T[]) => void, schedule: Scheduler = frameScheduler) {
  let queued: T[] = [];
  let scheduled = false;
  /**
   * A callback handed to the scheduler and not yet run. `take()` and `flush()` leave it queued; the next
   * push reuses it instead of queueing a second one, which would run as an empty flush and count, for a
   * throttled scheduler, as a flush that started the next interval and cost nothing.
   */
  let outstanding = false;
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
      if (outstanding) return;
      outstanding = true;
      schedule(() => {
        outstanding = false;
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
