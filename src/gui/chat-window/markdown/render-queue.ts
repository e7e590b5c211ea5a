import { createProgressivePace } from './progressive-text';

/**
 * Renders of finished markdown segments (a long answer opened from history, or one scrolled back into
 * view), granted one frame's worth at a time and nearest the view first: opening a chat whose last
 * answer is 100 KB renders the few segments on screen in the first frames, never the whole answer from
 * its top down, and never two dense segments in one long task.
 */
export interface RenderQueue {
  /**
   * Asks to render `chars` characters of markdown `distance` px from the view; `grant` is called when it
   * may. Returns `release`: before the grant it withdraws the request; after it, it reports the render
   * committed (what it cost sets the next frame's budget). Call it once the render is done or the asker
   * is gone.
   */
  request: (chars: number, distance: number, grant: () => void) => () => void;
}

interface Ask {
  chars: number;
  distance: number;
  grant: () => void;
}

export function createRenderQueue(
  nextFrame: (run: () => void) => void = (run) => requestAnimationFrame(run),
  now: () => number = () => performance.now(),
): RenderQueue {
  const pace = createProgressivePace();
  const waiting = new Set<Ask>();
  /** The asks granted in the last frame whose renders have not committed yet. */
  const inFlight = new Set<Ask>();
  let grantedAt = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || inFlight.size > 0 || waiting.size === 0) return;
    scheduled = true;
    nextFrame(grantFrame);
  };
  const grantFrame = () => {
    scheduled = false;
    const nearestFirst = [...waiting].sort((a, b) => a.distance - b.distance);
    let chars = 0;
    for (const ask of nearestFirst) {
      // At least one per frame, however long it is.
      if (chars > 0 && chars + ask.chars > pace.step) break;
      chars += ask.chars;
      waiting.delete(ask);
      inFlight.add(ask);
    }
    grantedAt = now();
    for (const ask of [...inFlight]) ask.grant();
  };
  const done = (ask: Ask) => {
    inFlight.delete(ask);
    if (inFlight.size > 0) return;
    pace.learn(now() - grantedAt);
    schedule();
  };

  return {
    request(chars, distance, grant) {
      const ask: Ask = { chars, distance, grant };
      waiting.add(ask);
      schedule();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (waiting.delete(ask)) return;
        if (inFlight.has(ask)) done(ask);
      };
    },
  };
}

/** The page's one queue: every answer on screen shares a frame's budget. */
export const renderQueue = createRenderQueue();
