export type Scheduler = (flush: () => void) => void;

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
 * Flushes at most every `minIntervalMs` (longer when flushes are expensive, see `budget`): the
 * first flush of a quiet stream runs at once (the first words of an answer show in the next frame), later
 * ones wait until the interval has passed since the previous flush. An update per SSE event costs a
 * markdown parse, a React commit, style, layout and paint each time; ten a second read as
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
  const learn = (ms: number) => {
    cost = cost === 0 ? ms : 0.7 * cost + 0.3 * ms;
  };
  return (flush) => {
    const run = () => {
      const start = now();
      last = start;
      flush();
      if (budget >= 1) return;
      // React renders a store update in a microtask queued during the flush: one queued now runs after it.
      queueMicrotask(() => {
        const script = now() - start;
        // The frame that shows the flush: from its animation-frame callback to a task queued there, which
        // runs once that frame has been rendered (style, layout, paint). Without frames, the script alone.
        if (!framesRun()) {
          learn(script);
          return;
        }
        requestAnimationFrame(() => {
          const frameStart = now();
          setTimeout(() => learn(script + (now() - frameStart)), 0);
        });
      });
    };
    // The interval is read again when the wait ends: the last flush's cost may have come in meanwhile.
    const attempt = () => {
      const interval = Math.min(maxIntervalMs, Math.max(minIntervalMs, cost / budget));
      const wait = last + interval - now();
      // The flush runs in a task of its own, not in an animation-frame callback: there its React render
      // and the frame's style, layout and paint made one task, often a long one (> 50 ms) on a slow
      // machine. In its own task the render is one task and the frame that shows it another.
      if (wait <= 0) setTimeout(run, 0);
      else setTimeout(attempt, wait);
    };
    attempt();
  };
}

function framesRun(): boolean {
  return typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden;
}

/**
 * Collects items and hands them over once per run of `schedule`, so a fast stream costs one store update
 * (and one render) per scheduled flush, not one per SSE event. `flush()` hands over what is queued at once.
 */
export function createFrameBatcher<T>(apply: (items: T[]) => void, schedule: Scheduler) {
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
