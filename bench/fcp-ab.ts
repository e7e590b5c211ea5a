import { chromium } from '@playwright/test';
import { installCleanup } from './lib/children';
import { startFake, startServer } from './lib/server';
import { median } from './lib/stats';
installCleanup();
const f = await startFake(2000, { tokens: 100, tokensPerSecond: 50 });
const dirs = { before: '/tmp/before/dist/gui', after: '/work/wt/perf/dist/gui' };
const servers = { before: await startServer({ ollamaUrl: f.url, env: { GUI_DIR: dirs.before } }), after: await startServer({ ollamaUrl: f.url, env: { GUI_DIR: dirs.after } }) };
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const res: Record<string, number[]> = { before: [], after: [] };
for (let i = 0; i < 10; i++) for (const k of ['before', 'after'] as const) {
  const ctx = await b.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await ctx.newPage();
  await p.goto(`${servers[k].base}/`, { waitUntil: 'load' });
  await p.waitForTimeout(300);
  const fcp = await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  if (i > 0) res[k].push(fcp);
  await ctx.close();
}
console.log('FCP before', median(res.before).toFixed(0), res.before.map((x) => x.toFixed(0)).join(','));
console.log('FCP after ', median(res.after).toFixed(0), res.after.map((x) => x.toFixed(0)).join(','));
await b.close(); await servers.before.stop(); await servers.after.stop(); await f.stop(); process.exit(0);
