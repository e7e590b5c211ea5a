/**
 * The first load of `/` in Chromium (a fresh browser context each run: empty cache): the JavaScript it
 * fetches until the network is idle, its size gzipped (the budget's unit) and as sent on the wire
 * (the server's precompressed twins, chosen by Accept-Encoding), first contentful paint, and the
 * caching headers of what was sent. Then a chat with an answer is opened, to show the markdown chunk
 * arriving only when a message needs it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Request } from '@playwright/test';
import { createChat, readGenerationEvents, sendMessage } from '../lib/client';
import { ensureGuiBuilt, GUI_DIR } from '../lib/gui-build';
import { startServer } from '../lib/server';
import { fmt, median } from '../lib/stats';
import { type Row, row } from '../lib/table';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KiB = 1024;
/** Playwright's own definition of network idle: no request in flight for 500 ms. */
const QUIET_MS = 500;
const log = (text: string) => process.stderr.write(`  ${text}\n`);

interface Fetched {
  url: string;
  path: string;
  /** Bytes of the response body as sent (after Content-Encoding). */
  wireBytes: number;
  encoding: string;
  cacheControl: string;
  vary: string;
  /** performance.now() of the bench when the request went out. */
  at: number;
}

interface LoadRun {
  fcpMs: number;
  scripts: Fetched[];
  /** Scripts requested after the network had been idle (the idle-time prefetch of the models page). */
  later: Fetched[];
  other: Fetched[];
}

/** The file behind a URL path, and its gzip -9 size (the .gz twin when the build wrote one). */
function gzipBytes(urlPath: string): { identity: number; gzip: number } {
  const file = path.join(GUI_DIR, urlPath);
  const data = readFileSync(file);
  const gz = existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`).length : gzipSync(data, { level: 9 }).length;
  return { identity: data.length, gzip: gz };
}

/**
 * Tracks requests from now on; `after()` (call it once the page's load event has fired) resolves
 * once no request other than the app's open SSE streams has been in flight for QUIET_MS.
 */
function networkIdle(page: Page, timeoutMs = 20_000): { after: () => Promise<number> } {
  const inFlight = new Set<Request>();
  let armed = false;
  let timer: NodeJS.Timeout | undefined;
  let cap: NodeJS.Timeout | undefined;
  let resolveIdle: (at: number) => void = () => undefined;
  const idle = new Promise<number>((resolve) => {
    resolveIdle = resolve;
  });
  const arm = () => {
    clearTimeout(timer);
    if (armed && inFlight.size === 0) timer = setTimeout(done, QUIET_MS);
  };
  const isStream = (r: Request) => (r.headers().accept ?? '').includes('text/event-stream');
  const onRequest = (r: Request) => {
    if (isStream(r)) return;
    inFlight.add(r);
    clearTimeout(timer);
  };
  const onEnd = (r: Request) => {
    if (inFlight.delete(r)) arm();
  };
  const done = () => {
    clearTimeout(cap);
    page.off('request', onRequest);
    page.off('requestfinished', onEnd);
    page.off('requestfailed', onEnd);
    resolveIdle(performance.now());
  };
  page.on('request', onRequest);
  page.on('requestfinished', onEnd);
  page.on('requestfailed', onEnd);
  return {
    after: () => {
      armed = true;
      cap = setTimeout(done, timeoutMs);
      arm();
      return idle;
    },
  };
}

async function loadOnce(browser: Browser, base: string): Promise<LoadRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const fetched: Fetched[] = [];
    const pending: Promise<void>[] = [];
    page.on('requestfinished', (req) => {
      const at = performance.now();
      pending.push(
        (async () => {
          const res = await req.response();
          if (!res) return;
          const sizes = await req.sizes();
          const headers = await res.allHeaders();
          const url = new URL(req.url());
          fetched.push({
            url: req.url(),
            path: url.pathname,
            wireBytes: sizes.responseBodySize,
            encoding: headers['content-encoding'] ?? 'identity',
            cacheControl: headers['cache-control'] ?? '',
            vary: headers.vary ?? '',
            at,
          });
        })(),
      );
    });
    const idle = networkIdle(page);
    await page.goto(`${base}/`, { waitUntil: 'load' });
    const idleAt = await idle.after();
    // Anything the app fetches in the next 3 s (the idle-time prefetch), reported apart.
    await page.waitForTimeout(3000);
    await Promise.all(pending);
    const fcpMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    const isScript = (f: Fetched) => f.path.endsWith('.js') && f.path !== '/theme-init.js';
    return {
      fcpMs,
      scripts: fetched.filter((f) => isScript(f) && f.at <= idleAt),
      later: fetched.filter((f) => isScript(f) && f.at > idleAt),
      other: fetched.filter((f) => !isScript(f)),
    };
  } finally {
    await context.close();
  }
}

/** Opens a chat holding one answer; returns the JS paths fetched after the shell's own. */
async function openChatWithAnswer(browser: Browser, base: string): Promise<string[]> {
  const chat = await createChat(base, 'llama3.2');
  const sent = await sendMessage(base, chat.id, 'Show me some **markdown**');
  await readGenerationEvents(base, sent.generationId);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.endsWith('.js')) scripts.push(p);
    });
    const idle = networkIdle(page);
    await page.goto(`${base}/c/${chat.id}`, { waitUntil: 'load' });
    await idle.after();
    return scripts;
  } finally {
    await context.close();
  }
}

const kib = (bytes: number) => `${fmt(bytes / KiB, 1)} KiB`;

export async function guiLoad(ollamaUrl: string, runs: number): Promise<Row[]> {
  const title = 'first load of `/` in Chromium';
  if (!existsSync(CHROMIUM)) return [row(title, `skipped: no Chromium at ${CHROMIUM}`)];
  await ensureGuiBuilt();
  const { chromium } = await import('@playwright/test');
  const server = await startServer({ ollamaUrl, env: { GUI_DIR } });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    await loadOnce(browser, server.base); // untimed: the server's and the browser's first-use costs
    const loads: LoadRun[] = [];
    for (let i = 0; i < runs; i++) loads.push(await loadOnce(browser, server.base));
    const first = loads[0] as LoadRun;
    const sizes = first.scripts.map((f) => ({ ...f, ...gzipBytes(f.path) }));
    const gzipTotal = sizes.reduce((s, f) => s + f.gzip, 0);
    const identityTotal = sizes.reduce((s, f) => s + f.identity, 0);
    const wireJs = median(loads.map((l) => l.scripts.reduce((s, f) => s + f.wireBytes, 0)));
    const wireAll = median(loads.map((l) => [...l.scripts, ...l.other].reduce((s, f) => s + f.wireBytes, 0)));
    const later = first.later.map((f) => ({ ...f, ...gzipBytes(f.path) }));
    const fcp = median(loads.map((l) => l.fcpMs));
    log(`JS until idle: ${sizes.map((f) => `${path.basename(f.path)} ${kib(f.gzip)}`).join(', ')}`);
    log(`FCP per run: ${loads.map((l) => fmt(l.fcpMs, 0)).join(', ')} ms`);
    const markdownEarly = [...first.scripts, ...first.later].filter((f) =>
      /markdown|highlight|katex|chart/.test(f.path),
    );

    const assets = [...first.scripts, ...first.other].filter((f) => f.path.startsWith('/assets/'));
    const compressible = assets.filter((f) => /\.(js|css)$/.test(f.path));
    const encodings = [...new Set(compressible.map((f) => f.encoding))].join(', ');
    const immutable = assets.every((f) => f.cacheControl === 'public, max-age=31536000, immutable');
    // A file the build left without a compressed twin (under 512 bytes, or not smaller compressed) is
    // the same bytes for every client: it needs no Vary. Every file with a twin must say it varies.
    const withTwin = compressible.filter((f) =>
      ['.br', '.gz'].some((ext) => existsSync(path.join(GUI_DIR, `${f.path}${ext}`))),
    );
    const varies = withTwin.length > 0 && withTwin.every((f) => /accept-encoding/i.test(f.vary));
    const shell = first.other.find((f) => f.path === '/');

    const chatScripts = await openChatWithAnswer(browser, server.base);
    const markdownOnChat = chatScripts.filter((p) => /markdown/.test(p)).map((p) => path.basename(p));

    return [
      row(
        `first-load JS on \`/\` until network idle, gzip (${sizes.length} files, fresh context)`,
        kib(gzipTotal),
        '≤ 110 KiB',
        gzipTotal <= 110 * KiB,
      ),
      row(
        '   markdown / highlighting / KaTeX / chart chunks among them (or in the next 3 s)',
        markdownEarly.length === 0 ? 'none' : markdownEarly.map((f) => path.basename(f.path)).join(', '),
        'none until a message needs them',
        markdownEarly.length === 0,
      ),
      row(
        '   opening a chat with an answer then fetches',
        markdownOnChat.length > 0 ? markdownOnChat.join(', ') : 'no markdown chunk (!)',
      ),
      row(
        '   fetched later, once idle (models page prefetch), gzip',
        later.length === 0 ? 'none' : `${kib(later.reduce((s, f) => s + f.gzip, 0))} (${later.length} files)`,
      ),
      row(
        `JS on the wire for that load (Chromium: ${encodings || 'n/a'}), median of ${runs}`,
        kib(wireJs),
        'precompressed',
        encodings.length > 0 && !encodings.includes('identity'),
      ),
      row('   same JS uncompressed (what the server sent before)', kib(identityTotal)),
      row('   everything on the wire for that load (HTML, CSS, JS, icons)', kib(wireAll)),
      row(
        '   /assets/*: Cache-Control immutable / Vary: Accept-Encoding',
        `${immutable ? 'yes' : 'NO'} / ${varies ? 'yes' : 'NO'}`,
        'yes / yes',
        immutable && varies,
      ),
      row(
        '   `/` (the shell): Cache-Control',
        shell?.cacheControl || 'n/a',
        'no-cache',
        shell?.cacheControl === 'no-cache',
      ),
      row(`first contentful paint of \`/\`, median of ${runs}`, `${fmt(fcp, 1)} ms`, '≤ 200 ms', fcp <= 200),
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}
