/**
 * A page's first use of Intl (a number's `toLocaleString`, a date format, a collator) loads the
 * locale data: 55–140 ms on the main thread in Chromium, measured on the bench machine, which made it
 * the longest task of opening the app or the models page. The data is per process, so a short-lived
 * worker loads it off the main thread; the page's formatters then find it loaded. Once per page load.
 */
let started = false;

export function warmIntl(): void {
  if (started || typeof Worker === 'undefined') return;
  started = true;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./intl-warm-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return; // No worker (a locked-down browser): the first formatter pays on the main thread, as before.
  }
  const done = () => worker.terminate();
  worker.onmessage = done;
  worker.onerror = done;
}
