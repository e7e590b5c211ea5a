/**
 * A/B of GUI builds streaming a `huge` answer (a development tool, not a bench section): runs the builds
 * in alternation (A B A B…) against the same fake and prints, per run, the main thread's and the renderer's
 * CPU time (less sensitive to a loaded machine than wall-clock task time), CDP TaskDuration, long tasks (by
 * wall clock, and by the main thread's CPU clock, which descheduling does not stretch) and the heap.
 *
 *   npx tsx bench/ab-gui-streaming.ts --runs 3 [--tps 2000] [--slow-tokens 4000 --slow-tps 200] DIR_A DIR_B
 *
 * A side may also set the server's environment: `DIR@DELTA_COALESCE_MS=100,FLUSH_INTERVAL_MS=500` (the same
 * build with two settings is two sides: `dist/gui dist/gui@DELTA_COALESCE_MS=100`).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from '@playwright/test';
import { installCleanup } from './lib/children';
import { createChat } from './lib/client';
import { sendAndAwaitAnswer } from './lib/gui-answer';
import { mainThreadCpu } from './lib/main-thread-cpu';
import { startFake, startServer } from './lib/server';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    tps: { type: 'string', default: '2000' },
    'slow-tokens': { type: 'string', default: '' },
    'slow-tps': { type: 'string', default: '200' },
    full: { type: 'boolean', default: false },
  },
});
// The fake and the servers go with this process however it ends (a closed pipe, Ctrl-C, a throw).
installCleanup();
const slow = values['slow-tokens'] !== '';
const fake = await startFake(Number(values.tps), {
  tokens: slow ? Number(values['slow-tokens']) : 100,
  tokensPerSecond: Number(values['slow-tps']),
});
const ollamaUrl = values.full ? fake.url : slow ? fake.slowUrl : fake.pacedUrl;

async function rendererCpu(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number; cpuTime: number }[];
  };
  await session.detach();
  return processInfo.filter((p) => p.type === 'renderer').reduce((a, p) => a + p.cpuTime, 0);
}

/** A side: a GUI build and, after `@`, server environment variables. */
function sideOf(spec: string): { dir: string; env: Record<string, string> } {
  const [dir = spec, settings = ''] = spec.split('@');
  const env = Object.fromEntries(
    settings
      .split(',')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
  return { dir, env };
}

async function once(spec: string) {
  const { dir, env } = sideOf(spec);
  const server = await startServer({ ollamaUrl, env: { ...env, GUI_DIR: path.resolve(dir) } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __lt: number[] };
      w.__lt = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__lt.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const chat = await createChat(server.base, 'huge');
    await page.goto(`${server.base}/c/${chat.id}`);
    await page.getByTestId('composer-input').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const task = async () =>
      ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
    await page.evaluate(() => {
      (window as unknown as { __lt: number[] }).__lt = [];
    });
    await browser.startTracing(page, { categories: ['toplevel'] });
    const cpu0 = await rendererCpu(browser);
    const task0 = await task();
    const t0 = performance.now();
    await sendAndAwaitAnswer(page, 'Write a very long answer', 600_000);
    const wall = performance.now() - t0;
    const busy = (await task()) - task0;
    const cpu = ((await rendererCpu(browser)) - cpu0) * 1000;
    const { total: mainCpu, long: cpuLong } = mainThreadCpu(await browser.stopTracing());
    const lt = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt);
    await page.waitForTimeout(1000);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { wall, busy, cpu, mainCpu, cpuLong, lt, heap: usedSize / 1e6 };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const results = new Map<string, Awaited<ReturnType<typeof once>>[]>();
try {
  for (let i = 0; i < Number(values.runs); i++) {
    for (const dir of positionals) {
      const r = await once(dir);
      (results.get(dir) ?? results.set(dir, []).get(dir))?.push(r);
      console.log(
        `${path.basename(dir).padEnd(24)} wall ${r.wall.toFixed(0)} ms  main cpu ${r.mainCpu.toFixed(0)} ms (${((100 * r.mainCpu) / r.wall).toFixed(0)} %)  renderer cpu ${r.cpu.toFixed(0)} ms (${((100 * r.cpu) / r.wall).toFixed(0)} %)  busy ${r.busy.toFixed(0)} ms (${((100 * r.busy) / r.wall).toFixed(0)} %)  long ${r.lt.length} max ${Math.max(0, ...r.lt).toFixed(0)}  long by cpu ${r.cpuLong.length} max ${Math.max(0, ...r.cpuLong).toFixed(0)}  heap ${r.heap.toFixed(1)} MB`,
      );
    }
  }
  for (const [dir, rs] of results) {
    console.log(
      `median ${path.basename(dir).padEnd(24)} main cpu ${median(rs.map((r) => (100 * r.mainCpu) / r.wall)).toFixed(0)} %  renderer cpu ${median(rs.map((r) => (100 * r.cpu) / r.wall)).toFixed(0)} %  busy ${median(rs.map((r) => (100 * r.busy) / r.wall)).toFixed(0)} %  long ${median(rs.map((r) => r.lt.length))}  long by cpu ${median(rs.map((r) => r.cpuLong.length))} max ${median(rs.map((r) => Math.max(0, ...r.cpuLong))).toFixed(0)}  max ${median(rs.map((r) => Math.max(0, ...r.lt))).toFixed(0)}  heap ${median(rs.map((r) => r.heap)).toFixed(1)} MB`,
    );
  }
} finally {
  await fake.stop();
}
