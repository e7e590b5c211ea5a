/**
 * Polls `fn` until it returns something other than undefined, null or false, and resolves with that value.
 * Tests wait on a condition with this instead of sleeping for a guessed time; the timeout only turns a
 * hang into a readable failure.
 */
export async function waitFor<T>(
  fn: () => Promise<T | null | undefined> | T | null | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
