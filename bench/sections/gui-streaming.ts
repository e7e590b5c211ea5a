/**
 * A 20,000-token answer streamed into the GUI (Chromium against the built app and the fake's `huge`
 * model): long tasks (> 50 ms) while it streams, how busy the main thread was (CDP `TaskDuration`
 * over the stream's wall time), the time from the server's `done` to the final text on screen, and the
 * JS heap after a forced GC once it finished. Run at full speed, through the fake's paced proxy
 * (BENCH_PACED_TOKENS_PER_SECOND, a steady model-like rate) and at a real model's 200 tok/s with a
 * shorter answer (BENCH_GUI_SLOW_TOKENS, default 4,000: 20 s instead of the 100 s of 20,000 tokens).
 */
import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createChat } from '../lib/client';
import { sendAndAwaitAnswer } from '../lib/gui-answer';
import { ensureGuiBuilt, GUI_DIR } from '../lib/gui-build';
import { mainThreadCpu } from '../lib/main-thread-cpu';
import { startFake, startServer } from '../lib/server';
import { fmt, longTaskText } from '../lib/stats';
import { type Row, row } from '../lib/table';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (text: string) => process.stderr.write(`  ${text}\n`);
/** Another build of the GUI to measure (e.g. an older commit's), as in the first-load section. */
const SLOW_TOKENS = Number(process.env.BENCH_GUI_SLOW_TOKENS ?? 4_000);
const SLOW_TPS = 200;
/** The server's delta coalescing for these runs (unset: its default), to compare with an older default. */
const COALESCE_ENV: Record<string, string> = process.env.BENCH_DELTA_COALESCE_MS
  ? { DELTA_COALESCE_MS: process.env.BENCH_DELTA_COALESCE_MS }
  : {};

interface BenchProbe {
  longTasks: { start: number; duration: number }[];
  /** When the answer turned `complete` (its final event, right after its last token) and when its text was all rendered. */
  completeAt: number | null;
  finalAt: number | null;
  /** DOM updates of the answer before it completed (a React commit each): how often the text moved on screen. */
  updates: number;
}

const PROBE = () => {
  const w = window as unknown as { __bench: BenchProbe };
  w.__bench = { longTasks: [], completeAt: null, finalAt: null, updates: 0 };
  // The answer's final text is on screen once it is complete, no markdown of it is still catching up, and
  // its end is rendered (a long one finished while behind renders near the view first, the end first).
  new MutationObserver((records) => {
    const b = w.__bench;
    if (b.finalAt !== null) return;
    if (b.completeAt === null) {
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        if (el?.closest('[data-testid=message-assistant]')) {
          b.updates += 1;
          break;
        }
      }
    }
    const answer = document.querySelector('[data-testid=message-assistant][data-status=complete]');
    if (!answer) return;
    b.completeAt ??= performance.now();
    const slots = answer.querySelectorAll('.markdown-segment-slot');
    const endRendered = slots.length === 0 || slots[slots.length - 1]?.querySelector('.markdown-segment') !== null;
    if (answer.querySelector('.markdown') && !answer.querySelector('[data-catching-up]') && endRendered)
      b.finalAt = performance.now();
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-status', 'data-catching-up'],
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing: the rows say none.
  }
};

interface StreamRun {
  wallMs: number;
  /** From the answer's final event to its text's end rendered (null: not seen). */
  finalTextMs: number | null;
  busyMs: number;
  longTasks: number[];
  /** The same window's tasks over 50 ms by the main thread's CPU clock, which waiting for a core does not stretch. */
  cpuLongTasks: number[] | null;
  /** Long tasks after the final event, while the text is still being rendered. */
  catchUpLongTasks: number[];
  heapMB: number;
  updates: number;
}

async function streamOnce(page: Page, base: string, ollamaUrlLabel: string): Promise<StreamRun> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const chat = await createChat(base, 'huge');
  await page.goto(`${base}/c/${chat.id}`);
  await page.getByTestId('composer-input').waitFor();
  const taskMs = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  const t0 = await page.evaluate(() => {
    const b = (window as unknown as { __bench: BenchProbe }).__bench;
    b.longTasks = [];
    b.completeAt = null;
    b.finalAt = null;
    b.updates = 0;
    return performance.now();
  });
  const browser = page.context().browser();
  await browser?.startTracing(page, { categories: ['toplevel'] });
  const busy0 = await taskMs();
  const wall0 = performance.now();
  await sendAndAwaitAnswer(page, `Write a very long answer (${ollamaUrlLabel})`, 300_000);
  const wallMs = performance.now() - wall0;
  const busyMs = (await taskMs()) - busy0;
  const cpu = browser ? mainThreadCpu(await browser.stopTracing()) : null;
  // No main-thread task in the trace (another Chromium's event names, no thread clock): not measured.
  const cpuLongTasks = cpu && cpu.total > 0 ? cpu.long : null;
  const longTasks = await page.evaluate(
    (start) =>
      (window as unknown as { __bench: BenchProbe }).__bench.longTasks
        .filter((t) => t.start >= start)
        .map((t) => t.duration),
    t0,
  );
  // Let the last frames (progressive markdown) finish, then read the heap after GC.
  await page
    .waitForFunction(() => (window as unknown as { __bench: BenchProbe }).__bench.finalAt !== null, undefined, {
      timeout: 60_000,
    })
    .catch(() => undefined);
  await page.waitForTimeout(1000);
  const { finalTextMs, catchUpLongTasks, updates } = await page.evaluate((start) => {
    const b = (window as unknown as { __bench: BenchProbe }).__bench;
    const from = b.completeAt ?? start;
    return {
      updates: b.updates,
      finalTextMs: b.completeAt !== null && b.finalAt !== null ? b.finalAt - b.completeAt : null,
      // After the final event, while the text is rendered and for the second after (segments near the
      // view still rendering).
      catchUpLongTasks: b.longTasks
        .filter((t) => t.start >= from && t.start < (b.finalAt ?? Number.POSITIVE_INFINITY) + 1000)
        .map((t) => t.duration),
    };
  }, t0);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return { wallMs, finalTextMs, busyMs, longTasks, cpuLongTasks, catchUpLongTasks, heapMB: usedSize / 1e6, updates };
}

export async function guiStreaming(urls: { full: string; paced: string; pacedTps: number }): Promise<Row[]> {
  const title = '16. 20k-token answer in Chromium';
  if (!existsSync(CHROMIUM)) return [row(title, `skipped: no Chromium at ${CHROMIUM}`)];
  await ensureGuiBuilt();
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const rows: Row[] = [];
  const slowFake =
    SLOW_TOKENS > 0 ? await startFake(urls.pacedTps, { tokens: SLOW_TOKENS, tokensPerSecond: SLOW_TPS }) : null;
  try {
    const runs: [string, string, string][] = [
      ['full speed', '20k-token answer at full speed', urls.full],
      [`${fmt(urls.pacedTps, 0)} tok/s`, `20k-token answer at ${fmt(urls.pacedTps, 0)} tok/s`, urls.paced],
    ];
    if (slowFake)
      runs.push([`${SLOW_TPS} tok/s`, `${fmt(SLOW_TOKENS, 0)}-token answer at ${SLOW_TPS} tok/s`, slowFake.slowUrl]);
    for (const [label, what, ollamaUrl] of runs) {
      const server = await startServer({ ollamaUrl, env: { ...COALESCE_ENV, GUI_DIR } });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.addInitScript({ content: 'window.__name = (f) => f;' });
        await page.addInitScript(PROBE);
        const r = await streamOnce(page, server.base, label);
        await page.close();
        const busyPct = (100 * r.busyMs) / r.wallMs;
        log(`${label}: ${fmt(r.wallMs, 0)} ms, busy ${fmt(r.busyMs, 0)} ms, ${r.longTasks.length} long tasks`);
        rows.push(
          row(
            `${what}: long tasks (> 50 ms) while streaming`,
            longTaskText(r.longTasks),
            '0',
            r.longTasks.length === 0,
          ),
          // On 2 shared cores a task also grows while the renderer waits for a core: this clock does not.
          row(
            "   same, by the main thread's CPU clock (not stretched by waiting for a core)",
            r.cpuLongTasks === null ? 'n/a (no main-thread tasks in the trace)' : longTaskText(r.cpuLongTasks),
            '0',
            r.cpuLongTasks === null ? null : r.cpuLongTasks.length === 0,
          ),
          row(
            '   main thread busy / stream wall time',
            `${fmt(r.busyMs / 1000, 1)} s of ${fmt(r.wallMs / 1000, 1)} s (${fmt(busyPct, 0)} %)`,
            label === 'full speed' ? '' : '≤ 10 %',
            label === 'full speed' ? null : busyPct <= 10,
          ),
          // The other side of the busy figure: fewer, larger updates cost less (see STREAM_FRAMES).
          row(
            '   updates of the answer on screen while streaming (DOM commits)',
            `${fmt(r.updates, 0)} (${fmt((1000 * r.updates) / r.wallMs, 1)} a second)`,
          ),
          row(
            '   final text on screen after the last token (final event → its end rendered, where the reader is)',
            r.finalTextMs === null ? 'not seen' : `${fmt(r.finalTextMs, 0)} ms`,
            // The target is for a model-paced stream; at full speed the whole text arrives at once.
            label === 'full speed' ? '' : '≤ 500 ms',
            label === 'full speed' ? null : r.finalTextMs !== null && r.finalTextMs <= 500,
          ),
          // At full speed the stream ends long before its text is rendered: the rows above see a fraction of it.
          row(
            '   long tasks after the last token, until 1 s after its end is rendered',
            longTaskText(r.catchUpLongTasks),
            '0',
            r.catchUpLongTasks.length === 0,
          ),
          row('   JS heap after GC at the end', `${fmt(r.heapMB, 1)} MB`, '≤ 15 MB', r.heapMB <= 15),
        );
      } finally {
        await server.stop();
      }
    }
    return rows;
  } finally {
    await browser.close().catch(() => undefined);
    await slowFake?.stop();
  }
}
