/**
 * The models page with 200 installed models (issue budget: the table renders in ≤ 200 ms). The built
 * GUI (`dist/gui`) is served by the built server; Chromium (Playwright) opens it with `/api/models`
 * answered from a route handler, so the page gets 200 realistic `ModelSummary` objects without a
 * real Ollama. The figures are the table's own: `performance.measure('models-table')` (first render
 * → React commit) and `'models-table-paint'` (first render → first paint after the commit), which
 * the GUI also writes to `data-render-ms` / `data-paint-ms` of `[data-testid=model-table]`.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { ModelList, ModelSummary } from '../../src/shared/api';
import { ensureGuiBuilt, GUI_DIR } from '../lib/gui-build';
import { startServer } from '../lib/server';
import { fmt, median } from '../lib/stats';
import { type Row, row } from '../lib/table';

const BUDGET_MS = 200;
/** Issue 12: the models page paints ≤ 150 ms after the click, with no long task (> 50 ms). */
const NAVIGATION_BUDGET_MS = 150;
const MODEL_COUNT = 200;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
/** `BENCH_GUI_DIR` points the section at another build of the GUI (an A/B), as in sections 6, 15 and 16. */
const log = (text: string) => process.stderr.write(`  ${text}\n`);

/** Deterministic pseudo-random numbers in [0, 1), so every run renders the same list. */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

interface Base {
  name: string;
  family: string;
  /** Parameter counts in billions, one tag each. */
  params: number[];
  capabilities: string[];
  context: number;
}

const BASES: Base[] = [
  { name: 'llama3.2', family: 'llama', params: [1, 3], capabilities: ['completion', 'tools'], context: 131072 },
  { name: 'llama3.1', family: 'llama', params: [8, 70], capabilities: ['completion', 'tools'], context: 131072 },
  { name: 'llama3', family: 'llama', params: [8, 70], capabilities: ['completion'], context: 8192 },
  {
    name: 'qwen3',
    family: 'qwen3',
    params: [0.6, 1.7, 4, 8, 14, 32],
    capabilities: ['completion', 'tools', 'thinking'],
    context: 40960,
  },
  {
    name: 'qwen2.5',
    family: 'qwen2',
    params: [0.5, 1.5, 3, 7, 14, 32, 72],
    capabilities: ['completion', 'tools'],
    context: 32768,
  },
  {
    name: 'qwen2.5-coder',
    family: 'qwen2',
    params: [1.5, 7, 14, 32],
    capabilities: ['completion', 'tools', 'insert'],
    context: 32768,
  },
  { name: 'gemma3', family: 'gemma3', params: [1, 4, 12, 27], capabilities: ['completion', 'vision'], context: 131072 },
  { name: 'gemma2', family: 'gemma2', params: [2, 9, 27], capabilities: ['completion'], context: 8192 },
  { name: 'mistral', family: 'llama', params: [7], capabilities: ['completion', 'tools'], context: 32768 },
  { name: 'mistral-nemo', family: 'llama', params: [12], capabilities: ['completion', 'tools'], context: 1024000 },
  {
    name: 'mistral-small3.1',
    family: 'mistral3',
    params: [24],
    capabilities: ['completion', 'vision', 'tools'],
    context: 131072,
  },
  { name: 'mixtral', family: 'llama', params: [47, 141], capabilities: ['completion', 'tools'], context: 32768 },
  { name: 'phi4', family: 'phi3', params: [14], capabilities: ['completion'], context: 16384 },
  { name: 'phi4-mini', family: 'phi3', params: [3.8], capabilities: ['completion', 'tools'], context: 131072 },
  { name: 'phi3', family: 'phi3', params: [3.8, 14], capabilities: ['completion'], context: 131072 },
  {
    name: 'deepseek-r1',
    family: 'qwen2',
    params: [1.5, 7, 8, 14, 32, 70],
    capabilities: ['completion', 'thinking'],
    context: 131072,
  },
  {
    name: 'deepseek-coder-v2',
    family: 'deepseek2',
    params: [16, 236],
    capabilities: ['completion', 'insert'],
    context: 163840,
  },
  { name: 'llava', family: 'llama', params: [7, 13, 34], capabilities: ['completion', 'vision'], context: 32768 },
  {
    name: 'llama3.2-vision',
    family: 'mllama',
    params: [11, 90],
    capabilities: ['completion', 'vision'],
    context: 131072,
  },
  {
    name: 'codellama',
    family: 'llama',
    params: [7, 13, 34, 70],
    capabilities: ['completion', 'insert'],
    context: 16384,
  },
  {
    name: 'granite3.3',
    family: 'granite',
    params: [2, 8],
    capabilities: ['completion', 'tools', 'thinking'],
    context: 131072,
  },
  {
    name: 'smollm2',
    family: 'llama',
    params: [0.135, 0.36, 1.7],
    capabilities: ['completion', 'tools'],
    context: 8192,
  },
  { name: 'command-r', family: 'command-r', params: [35], capabilities: ['completion', 'tools'], context: 131072 },
  { name: 'nomic-embed-text', family: 'nomic-bert', params: [0.137], capabilities: ['embedding'], context: 2048 },
  { name: 'mxbai-embed-large', family: 'bert', params: [0.334], capabilities: ['embedding'], context: 512 },
  { name: 'bge-m3', family: 'bert', params: [0.567], capabilities: ['embedding'], context: 8192 },
  {
    name: 'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF',
    family: 'llama',
    params: [3],
    capabilities: ['completion', 'tools'],
    context: 131072,
  },
  {
    name: 'hf.co/unsloth/gemma-3-12b-it-GGUF',
    family: 'gemma3',
    params: [12],
    capabilities: ['completion', 'vision'],
    context: 131072,
  },
];

const QUANTS = ['Q4_K_M', 'Q4_0', 'Q5_K_M', 'Q8_0', 'Q6_K', 'Q3_K_L', 'F16'] as const;
const BITS_PER_WEIGHT: Record<(typeof QUANTS)[number], number> = {
  Q4_K_M: 4.85,
  Q4_0: 4.55,
  Q5_K_M: 5.7,
  Q8_0: 8.5,
  Q6_K: 6.6,
  Q3_K_L: 4.3,
  F16: 16,
};

const paramLabel = (b: number) => (b < 1 ? `${Math.round(b * 1000)}M` : `${b}B`);
const tagParams = (b: number) => (b < 1 ? `${Math.round(b * 1000)}m` : `${b}b`);

/** 200 installed models as `GET /api/models` lists them: name:tag, sizes from parameters × quantization. */
function fakeModels(count = MODEL_COUNT): ModelSummary[] {
  const rnd = random(7);
  const hex = () => Array.from({ length: 64 }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const now = Date.parse('2025-11-01T12:00:00Z');
  const models: ModelSummary[] = [];
  const seen = new Set<string>();
  // Every base × parameter size × quantization, in a fixed order, until there are enough.
  outer: for (const quant of QUANTS) {
    for (const base of BASES) {
      for (const b of base.params) {
        const hf = base.name.startsWith('hf.co/');
        const tag = hf ? quant : quant === 'Q4_K_M' ? tagParams(b) : `${tagParams(b)}-${quant.toLowerCase()}`;
        const name = `${base.name}:${tag}`;
        if (seen.has(name)) continue;
        seen.add(name);
        const embedding = base.capabilities.includes('embedding');
        models.push({
          name,
          size: Math.round((b * 1e9 * BITS_PER_WEIGHT[quant]) / 8 + 5e7 + rnd() * 2e7),
          digest: hex(),
          modifiedAt: new Date(now - Math.floor(rnd() * 400 * 86_400_000)).toISOString(),
          family: base.family,
          parameterSize: paramLabel(b),
          quantization: quant,
          contextLength: base.context,
          capabilities: base.capabilities,
          canChat: !embedding,
        });
        if (models.length >= count) break outer;
      }
    }
  }
  return models;
}

/** Long tasks (> 50 ms) of the page, collected from its first script on. */
const INIT_SCRIPT = `(() => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // When the Models link was clicked (capture phase: before the app's own handler runs).
  document.addEventListener('click', (e) => {
    const t = e.target;
    if (t instanceof Element && t.closest('[data-testid=models-link]')) window.__clickAt = performance.now();
  }, true);
})();`;

interface Measurement {
  renderMs: number;
  paintMs: number;
  /** Navigation start (cold load) or the click (in-app) → the table's first paint after its commit. */
  untilPaintMs: number;
  rows: number;
  rowsRendered: number;
  longTasks: number;
  longestTaskMs: number;
}

async function routeModels(context: BrowserContext, list: ModelList): Promise<void> {
  const fulfill = (route: Parameters<Parameters<BrowserContext['route']>[1]>[0]) => route.fulfill({ json: list });
  await context.route('**/api/models', fulfill);
  await context.route('**/api/models?*', fulfill);
}

/** Waits for the table's paint figure, then reads the figures the GUI recorded. */
async function readFigures(page: Page, from: 'navigation' | 'click'): Promise<Measurement> {
  await page.waitForSelector('[data-testid=model-table][data-paint-ms]', { timeout: 30_000 });
  // Let a long task that started with the render finish and reach the observer.
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 100)));
  return page.evaluate((fromWhat) => {
    const w = window as unknown as {
      __longTasks?: { start: number; duration: number }[];
      __clickAt?: number;
    };
    const commit = performance.getEntriesByName('models-table')[0];
    const paint = performance.getEntriesByName('models-table-paint')[0];
    const table = document.querySelector('[data-testid=model-table]');
    const since = fromWhat === 'click' ? (w.__clickAt ?? Number.NaN) : 0;
    const tasks = (w.__longTasks ?? []).filter((t) => t.start + t.duration >= since);
    return {
      renderMs: commit ? commit.duration : Number(table?.getAttribute('data-render-ms')),
      paintMs: paint ? paint.duration : Number(table?.getAttribute('data-paint-ms')),
      untilPaintMs: paint ? paint.startTime + paint.duration - since : Number.NaN,
      rows: Number(table?.getAttribute('data-rows')),
      rowsRendered: document.querySelectorAll('[data-testid=model-row]').length,
      longTasks: tasks.length,
      longestTaskMs: tasks.reduce((max, t) => Math.max(max, t.duration), 0),
    };
  }, from);
}

/** (a) `/` → wait until the app has settled (models page chunk prefetched) → click Models. */
async function inAppRun(browser: Browser, base: string, list: ModelList): Promise<Measurement> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await routeModels(context, list);
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid=models-link]', { timeout: 30_000 });
    // Idle: the app prefetches the page chunk 1.5 s after start, in an idle callback.
    await page
      .waitForFunction(
        () => performance.getEntriesByType('resource').some((e) => /\/models-page-[^/]*\.js$/.test(e.name)),
        undefined,
        { timeout: 10_000, polling: 100 },
      )
      .catch(() => log('the models page chunk was not prefetched within 10 s; clicking anyway'));
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined);
    await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 })));
    await page.click('[data-testid=models-link]');
    return await readFigures(page, 'click');
  } finally {
    await context.close();
  }
}

/** (b) a cold load of `/models` in a fresh context (empty cache). */
async function coldRun(browser: Browser, base: string, list: ModelList): Promise<Measurement> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await routeModels(context, list);
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    await page.goto(`${base}/models`, { waitUntil: 'commit' });
    return await readFigures(page, 'navigation');
  } finally {
    await context.close();
  }
}

function summaryRows(label: string, runs: Measurement[], untilPaint: string): Row[] {
  const renderMs = median(runs.map((r) => r.renderMs));
  const paintMs = median(runs.map((r) => r.paintMs));
  const rendered = runs.map((r) => r.rowsRendered);
  const rows = runs.map((r) => r.rows);
  const longTasks = runs.map((r) => r.longTasks);
  const longest = Math.max(...runs.map((r) => r.longestTaskMs));
  return [
    row(
      `    ${label}: table commit (first render → React commit), median of ${runs.length}`,
      `${fmt(renderMs, 1)} ms`,
      `≤ ${BUDGET_MS} ms`,
      renderMs <= BUDGET_MS,
    ),
    row(
      `    ${label}: table painted (first render → first paint), median of ${runs.length}`,
      `${fmt(paintMs, 1)} ms`,
      `≤ ${BUDGET_MS} ms`,
      paintMs <= BUDGET_MS,
    ),
    untilPaint === 'click'
      ? row(
          `    ${label}: click → table painted (first paint after navigation), median`,
          `${fmt(median(runs.map((r) => r.untilPaintMs)), 1)} ms`,
          `≤ ${NAVIGATION_BUDGET_MS} ms`,
          median(runs.map((r) => r.untilPaintMs)) <= NAVIGATION_BUDGET_MS,
        )
      : row(
          `    ${label}: ${untilPaint} → table painted, median`,
          `${fmt(median(runs.map((r) => r.untilPaintMs)), 1)} ms`,
        ),
    row(
      `    ${label}: rows in the list / <a data-testid=model-row> in the DOM (virtualized)`,
      `${Math.min(...rows)} / ${Math.min(...rendered)}${Math.max(...rendered) !== Math.min(...rendered) ? `–${Math.max(...rendered)}` : ''}`,
    ),
    row(
      `    ${label}: long tasks > 50 ms ${untilPaint === 'click' ? 'from the click' : 'during the load'} (per run; longest)`,
      `${longTasks.join(', ')}; ${fmt(longest, 0)} ms`,
      'none',
      longTasks.every((n) => n === 0),
    ),
  ];
}

export async function modelsPage(ollamaUrl: string, runs: number): Promise<Row[]> {
  const title = `11. models page, ${MODEL_COUNT} installed models (Chromium, ${VIEWPORT.width}×${VIEWPORT.height})`;
  if (!existsSync(CHROMIUM)) {
    return [row(title, `skipped: no Chromium at ${CHROMIUM}`, `≤ ${BUDGET_MS} ms`)];
  }
  await ensureGuiBuilt();

  const { chromium } = await import('@playwright/test');
  const models = fakeModels(MODEL_COUNT);
  const list: ModelList = { models, fetchedAt: new Date().toISOString() };
  const server = await startServer({ ollamaUrl, env: { GUI_DIR } });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    // One untimed load of each kind first: the server's and the browser's first-use costs.
    await coldRun(browser, server.base, list);
    const inApp: Measurement[] = [];
    const cold: Measurement[] = [];
    for (let i = 0; i < runs; i++) {
      inApp.push(await inAppRun(browser, server.base, list));
      cold.push(await coldRun(browser, server.base, list));
    }
    const show = (ms: Measurement[]) => ms.map((m) => `${fmt(m.renderMs, 1)}/${fmt(m.paintMs, 1)}`).join(', ');
    log(`in-app commit/paint ms: ${show(inApp)}`);
    log(`cold   commit/paint ms: ${show(cold)}`);
    return [
      row(title, `${fmt(models.length, 0)} models served`),
      ...summaryRows('(a) in the app, / → click Models', inApp, 'click'),
      ...summaryRows('(b) cold load of /models', cold, 'navigation start'),
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}
