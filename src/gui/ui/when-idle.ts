/**
 * Runs `task` once the browser is idle, and at the latest after `timeoutMs`; where there is no idle
 * callback (Safari), after a short timer instead.
 */
export function whenIdle(task: () => void, timeoutMs: number, fallbackMs = 0): void {
  if (typeof window !== 'undefined' && typeof window.requestIdleCallback === 'function') {
    window.requestIdleCallback(() => task(), { timeout: timeoutMs });
  } else {
    setTimeout(task, fallbackMs);
  }
}
