/** Main-thread figures read from a Chromium trace of the `toplevel` category (bench tools and section 16). */

/**
 * CPU time (thread clock) of the page's main thread in top-level tasks: not inflated by waiting for a core.
 * Also the tasks over 50 ms by that clock: long tasks a loaded machine did not make long by descheduling.
 */
export function mainThreadCpu(trace: Buffer): { total: number; long: number[] } {
  const { traceEvents } = JSON.parse(trace.toString()) as {
    traceEvents: {
      name: string;
      ph: string;
      pid: number;
      tid: number;
      ts: number;
      dur?: number;
      tdur?: number;
      args?: { name?: string };
    }[];
  };
  const mains = new Set(
    traceEvents.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, { total: number; long: number[] }>();
  for (const e of traceEvents) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(key) || e.tdur === undefined) continue;
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
    const t = byThread.get(key) ?? { total: 0, long: [] };
    t.total += e.tdur / 1000;
    if (e.tdur > 50_000) t.long.push(e.tdur / 1000);
    byThread.set(key, t);
  }
  return [...byThread.values()].sort((a, b) => b.total - a.total)[0] ?? { total: 0, long: [] };
}
