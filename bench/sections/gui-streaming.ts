/**
 * A 20,000-token answer streamed into the GUI (Chromium against the built app and the fake's `huge`
 * model): long tasks (> 50 ms) while it streams, how busy the main thread was (CDP `TaskDuration`
 * over the stream's wall time), the time from the server's `done` to the final text on screen, and the
 * JS heap after a forced GC once it finished. Run at full speed and through the fake's paced proxy
 * (BENCH_PACED_TOKENS_PER_SECOND, a steady model-like rate).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { ROOT } from '../lib/children';
import { createChat } from '../lib/client';
import { startServer } from '../lib/server';
import { fmt } from '../lib/stats';
import { type Row, row } from '../lib/table';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (text: string) => process.stderr.write(`  ${text}\n`);
/** Another build of the GUI to measure (e.g. an older commit's), as in the first-load section. */
const GUI_DIR = process.env.BENCH_GUI_DIR ?? path.join(ROOT, 'dist', 'gui');

const PROBE = () => {
  const w = window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } };
  w.__bench = { longTasks: [] };
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
  busyMs: number;
  longTasks: number[];
  heapMB: number;
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
    (window as unknown as { __bench: { longTasks: unknown[] } }).__bench.longTasks = [];
    return performance.now();
  });
  const busy0 = await taskMs();
  const wall0 = performance.now();
  await page.getByTestId('composer-input').fill(`Write a very long answer (${ollamaUrlLabel})`);
  await page.getByTestId('composer-input').press('Enter');
  await page
    .locator('[data-testid=message-assistant][data-status=complete]')
    .waitFor({ timeout: 300_000, state: 'attached' });
  const wallMs = performance.now() - wall0;
  const busyMs = (await taskMs()) - busy0;
  const longTasks = await page.evaluate(
    (start) =>
      (window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } }).__bench.longTasks
        .filter((t) => t.start >= start)
        .map((t) => t.duration),
    t0,
  );
  // Let the last frames (progressive markdown) finish, then read the heap after GC.
  await page.waitForTimeout(1000);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return { wallMs, busyMs, longTasks, heapMB: usedSize / 1e6 };
}

export async function guiStreaming(urls: { full: string; paced: string; pacedTps: number }): Promise<Row[]> {
  const title = '16. 20k-token answer in Chromium';
  if (!existsSync(CHROMIUM)) return [row(title, `skipped: no Chromium at ${CHROMIUM}`)];
  const buildLib = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-lib.mjs')).href)) as {
    ensureBuilt: (names: string[], opts?: { quiet?: boolean }) => void;
  };
  if (!process.env.BENCH_GUI_DIR) buildLib.ensureBuilt(['gui'], { quiet: true });
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const rows: Row[] = [];
  try {
    for (const [label, ollamaUrl] of [
      ['full speed', urls.full],
      [`${fmt(urls.pacedTps, 0)} tok/s`, urls.paced],
    ] as const) {
      const server = await startServer({ ollamaUrl, env: { GUI_DIR } });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.addInitScript({ content: 'window.__name = (f) => f;' });
        await page.addInitScript(PROBE);
        const r = await streamOnce(page, server.base, label);
        await page.close();
        const longest = r.longTasks.length ? Math.max(...r.longTasks) : 0;
        const busyPct = (100 * r.busyMs) / r.wallMs;
        log(`${label}: ${fmt(r.wallMs, 0)} ms, busy ${fmt(r.busyMs, 0)} ms, ${r.longTasks.length} long tasks`);
        rows.push(
          row(
            `20k-token answer at ${label}: long tasks (> 50 ms) while streaming`,
            r.longTasks.length === 0 ? 'none' : `${r.longTasks.length}, longest ${fmt(longest, 0)} ms`,
            '0',
            r.longTasks.length === 0,
          ),
          row(
            '   main thread busy / stream wall time',
            `${fmt(r.busyMs / 1000, 1)} s of ${fmt(r.wallMs / 1000, 1)} s (${fmt(busyPct, 0)} %)`,
            label === 'full speed' ? '' : '≤ 10 %',
            label === 'full speed' ? null : busyPct <= 10,
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
  }
}
