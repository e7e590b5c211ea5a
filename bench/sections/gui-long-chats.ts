/**
 * Long chats and the first answer, in Chromium against the built app (issue #12): opening a 500- and a
 * 2,000-message chat from the sidebar (time to the last message, time until the list stopped moving,
 * long tasks), scrolling the 500-message chat to its top with wheel events (frame times, time to the
 * top, how much the content height moved), how open time grows with chat length, and the first text
 * after Enter in a new chat. The chats are written through the app's own History before the server
 * starts, with answers of a realistic mix of lengths (paragraphs, lists, code).
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { History } from '../../src/backend/history-manager';
import { MESSAGE_PAGE } from '../../src/shared/limits';
import { createLogger } from '../../src/utils/logger';
import { hugeMarkdownTokens } from '../../tests/fakes/fake-ollama/huge-markdown';
import { tempDir } from '../lib/children';
import { ensureGuiBuilt, GUI_DIR } from '../lib/gui-build';
import { seedLongChats } from '../lib/seed';
import { startServer } from '../lib/server';
import { fmt, longTaskText, median, percentile } from '../lib/stats';
import { type Row, row } from '../lib/table';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (text: string) => process.stderr.write(`  ${text}\n`);
/** The list counts as settled once its scroll height and position held still this long. */
const SETTLE_QUIET_MS = 300;
/** Another build of the GUI to measure (e.g. an older commit's), as in the first-load section. */

/** A chat of one question and the fake's 20,000-token markdown answer (~110 KB: headings, code, tables, math). */
async function seedLongAnswer(dataDir: string): Promise<{ id: string; chars: number; endText: string }> {
  const store = await History.open({ dataDir, logger: createLogger('silent') });
  try {
    const chat = await store.chats.create({ title: 'One 20,000-token answer', model: 'llama3.2' });
    const content = hugeMarkdownTokens(20_000).join('');
    await store.messages.append(chat.id, null, [
      { role: 'user', content: 'Write the whole handbook, please.', status: 'complete', model: null },
      { role: 'assistant', content, status: 'complete', model: 'llama3.2' },
    ]);
    return { id: chat.id, chars: content.length, endText: content.trimEnd().slice(-30) };
  } finally {
    await store.close();
  }
}

/**
 * The first chat opened in a fresh page, a second after the app loaded (the idle prefetch of the chat's code has
 * not run): click → its message rows shown, and → every answer in view rendered as markdown.
 */
async function firstOpenAfterLoad(
  browser: Browser,
  base: string,
  chatId: string,
  runs: number,
): Promise<{ rows: number[]; parsed: number[] }> {
  const out = { rows: [] as number[], parsed: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.addInitScript({ content: 'window.__name = (f) => f;' });
      await page.goto(base);
      const link = page.locator(`a[href="/c/${chatId}"]`).first();
      await link.waitFor();
      await page.waitForTimeout(1000);
      const watch = page.evaluate(
        () =>
          new Promise<{ rows: number; parsed: number }>((resolve) => {
            let clickAt = Number.NaN;
            let rows = Number.NaN;
            document.addEventListener('click', (e) => (clickAt = e.timeStamp), { capture: true, once: true });
            const check = () => {
              const answers = document.querySelectorAll('[data-testid="message-assistant"]').length;
              if (answers > 0 && Number.isNaN(rows)) rows = performance.now() - clickAt;
              const plain = document.querySelectorAll('[data-catching-up], [data-testid="markdown-plain"]').length;
              if (answers > 0 && plain === 0) resolve({ rows, parsed: performance.now() - clickAt });
              else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          }),
      );
      await link.click();
      const t = await watch;
      out.rows.push(t.rows);
      out.parsed.push(t.parsed);
    } finally {
      await page.close();
    }
  }
  return out;
}

/** Installed before any page script: long tasks and a frame clock the bench reads. */
const PROBE = () => {
  const w = window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } };
  w.__bench = { longTasks: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the rows say 0.
  }
};

interface OpenRun {
  lastMessageMs: number;
  /** To the last message's last words (`endText`) rendered as markdown (not a placeholder, not plain text); NaN without. */
  endRenderedMs: number;
  settledMs: number;
  longTasks: number[];
}

/**
 * Clicks the chat in the sidebar; resolves when the list has held still for SETTLE_QUIET_MS. Times run
 * from the click event's time stamp (when the browser took the input), as the models page's do: before
 * it, Playwright's click waits for the link to be visible and hold still for two frames (30–80 ms here),
 * which no user's click pays.
 */
async function openFromSidebar(page: Page, chatId: string, count: number, endText = ''): Promise<OpenRun> {
  await page.locator(`a[href="/c/${chatId}"]`).first().waitFor();
  const start = await page.evaluate(() => {
    (window as unknown as { __bench: { longTasks: unknown[] } }).__bench.longTasks = [];
    return performance.now();
  });
  const watch = page.evaluate(
    ({ quiet, lastIndex, t0, endText }) =>
      new Promise<{ last: number; end: number; settled: number; waited: number }>((resolve) => {
        let last = Number.NaN;
        let end = Number.NaN;
        let changedAt = performance.now();
        let prev = '';
        let clickAt = Number.NaN;
        document.addEventListener(
          'click',
          (e) => {
            clickAt = e.timeStamp;
          },
          { capture: true, once: true },
        );
        const tick = () => {
          const list = document.querySelector<HTMLElement>('[data-testid=message-list]');
          const now = performance.now();
          if (list) {
            if (Number.isNaN(last) && list.querySelector(`[data-index="${lastIndex}"]`)) last = now;
            if (Number.isNaN(end) && endText) {
              const rendered = list.querySelectorAll(`[data-index="${lastIndex}"] .markdown-segment`);
              if (rendered[rendered.length - 1]?.textContent?.trimEnd().endsWith(endText)) end = now;
            }
            const key = `${list.scrollHeight}:${list.scrollTop}`;
            if (key !== prev) {
              prev = key;
              changedAt = now;
            }
            if (
              !Number.isNaN(last) &&
              (!endText || !Number.isNaN(end)) &&
              !Number.isNaN(clickAt) &&
              now - changedAt >= quiet
            ) {
              resolve({ last: last - clickAt, end: end - clickAt, settled: changedAt - clickAt, waited: clickAt - t0 });
              return;
            }
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { quiet: SETTLE_QUIET_MS, lastIndex: count - 1, t0: start, endText },
  );
  await page.locator(`a[href="/c/${chatId}"]`).first().click();
  const { last, end, settled, waited } = await watch;
  const longTasks = await page.evaluate(
    (t0) =>
      (window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } }).__bench.longTasks
        .filter((t) => t.start >= t0)
        .map((t) => t.duration),
    start,
  );
  const fetchMs = await page.evaluate((t0) => {
    const e = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.includes('/messages') && r.startTime >= t0)
      .at(-1) as PerformanceResourceTiming | undefined;
    return e ? e.responseEnd - e.startTime : Number.NaN;
  }, start);
  log(
    `opened ${count}: messages fetched in ${fmt(fetchMs, 0)} ms, last message at ${fmt(last, 0)} ms, settled at ${fmt(settled, 0)} ms after the click (Playwright's click took ${fmt(waited, 0)} ms to get there)`,
  );
  return { lastMessageMs: last, endRenderedMs: end, settledMs: settled, longTasks };
}

async function goHome(page: Page): Promise<void> {
  await page.locator('a[href="/"]').first().click();
  await page.getByTestId('composer-input').waitFor();
}

interface WheelRun {
  toTopMs: number;
  frames: number[];
  events: number;
  heightMin: number;
  heightMax: number;
  heightStart: number;
}

/** Wheel events over the list, one per frame, until it reaches the top (or `maxEvents`; 0 px scroll nothing). */
async function wheelToTop(page: Page, maxEvents = 2000, deltaY = -500): Promise<WheelRun> {
  const box = await page.getByTestId('message-list').boundingBox();
  if (!box) throw new Error('no message list on the page');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => {
    const b = window as unknown as { __wheel: { frames: number[]; heights: number[]; stop: boolean } };
    b.__wheel = { frames: [], heights: [], stop: false };
    const list = document.querySelector<HTMLElement>('[data-testid=message-list]');
    let prev = performance.now();
    const tick = () => {
      const now = performance.now();
      b.__wheel.frames.push(now - prev);
      prev = now;
      if (list) b.__wheel.heights.push(list.scrollHeight);
      if (!b.__wheel.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = performance.now();
  let events = 0;
  for (; events < maxEvents; events++) {
    await page.mouse.wheel(0, deltaY);
    const top = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() =>
            resolve(document.querySelector<HTMLElement>('[data-testid=message-list]')?.scrollTop ?? 0),
          ),
        ),
    );
    // A run of 0 px events (the floor) starts at the top: it runs its count out.
    if (deltaY !== 0 && top <= 0) break;
  }
  const toTopMs = performance.now() - t0;
  const { frames, heights } = await page.evaluate(() => {
    const b = window as unknown as { __wheel: { frames: number[]; heights: number[]; stop: boolean } };
    b.__wheel.stop = true;
    return b.__wheel;
  });
  return {
    toTopMs,
    frames: frames.slice(1),
    events: events + 1,
    heightStart: heights[0] ?? 0,
    heightMin: Math.min(...heights),
    heightMax: Math.max(...heights),
  };
}

/** Enter on the home screen → the first answer text in the new chat (the fake's echo model answers at once). */
async function firstTextAfterEnter(page: Page, i: number): Promise<number> {
  await goHome(page);
  const input = page.getByTestId('composer-input');
  await input.fill(`First question number ${i}`);
  // The clock starts at the key press itself (a capturing listener sees it before the composer does).
  await page.evaluate(() => {
    const b = window as unknown as { __enter: Promise<number> };
    b.__enter = new Promise<number>((resolve) => {
      let t0 = Number.NaN;
      document.addEventListener(
        'keydown',
        (e) => {
          if (e.key === 'Enter') t0 = performance.now();
        },
        { capture: true, once: true },
      );
      const observer = new MutationObserver(() => {
        const el = document.querySelector('[data-testid=message-assistant]');
        if (!Number.isNaN(t0) && /First question number/.test(el?.textContent ?? '')) {
          observer.disconnect();
          resolve(performance.now() - t0);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  });
  await input.press('Enter');
  return page.evaluate(() => (window as unknown as { __enter: Promise<number> }).__enter);
}

const ms = (x: number) => `${fmt(x, 0)} ms`;

/**
 * From the end of an open chat longer than a page straight to its top (as the Home key or a scrollbar drag would):
 * until the chat's first message is rendered, with the older pages it had to load and the long tasks meanwhile.
 */
async function jumpToTop(page: Page): Promise<{ ms: number; requests: number; longTasks: number[] }> {
  return page.evaluate(
    () =>
      new Promise<{ ms: number; requests: number; longTasks: number[] }>((resolve) => {
        const w = window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } };
        const t0 = performance.now();
        const list = document.querySelector<HTMLElement>('[data-testid=message-list]');
        const tick = () => {
          if (!list) return;
          if (list.querySelector('[data-index="0"] [data-testid="message-user"]')) {
            const requests = performance
              .getEntriesByType('resource')
              .filter((r) => r.name.includes('before=') && r.startTime >= t0).length;
            const longTasks = w.__bench.longTasks.filter((t) => t.start >= t0).map((t) => t.duration);
            resolve({ ms: performance.now() - t0, requests, longTasks });
            return;
          }
          list.scrollTop = 0;
          requestAnimationFrame(tick);
        };
        tick();
      }),
  );
}

/** What the typing row types, one key at a time. */
const TYPED = 'how does this compare with what we said at the start?';

/**
 * Types TYPED into the composer of the open chat, one key at a time, and clears it again. Per keystroke: the main
 * thread's time in its events' handlers, React's render of them included (from a capture listener on window to a
 * bubble one: React renders a discrete event's update in a microtask before the bubble listener runs), summed over
 * keydown, keypress, input and keyup. Layout and paint are not in it.
 */
async function typeInComposer(page: Page): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __typing: { spent: number[]; stop: () => void } };
    const t = { spent: [] as number[], stop: () => {} };
    w.__typing = t;
    let started = 0;
    let key = -1;
    const start = () => {
      started = performance.now();
    };
    const end = (e: Event) => {
      if (e.type === 'keydown') key += 1;
      t.spent[key] = (t.spent[key] ?? 0) + performance.now() - started;
    };
    const types = ['keydown', 'keypress', 'input', 'keyup'];
    for (const type of types) {
      window.addEventListener(type, start, true);
      window.addEventListener(type, end, false);
    }
    t.stop = () => {
      for (const type of types) {
        window.removeEventListener(type, start, true);
        window.removeEventListener(type, end, false);
      }
    };
  });
  const input = page.getByTestId('composer-input');
  await input.click();
  for (const ch of TYPED) await page.keyboard.type(ch);
  const perKey = await page.evaluate(() => {
    const t = (window as unknown as { __typing: { spent: number[]; stop: () => void } }).__typing;
    t.stop();
    return t.spent;
  });
  await input.fill('');
  return perKey;
}

export async function guiLongChats(ollamaUrl: string, runs: number, growth: number[]): Promise<Row[]> {
  const title = 'long chats in Chromium';
  if (!existsSync(CHROMIUM)) return [row(title, `skipped: no Chromium at ${CHROMIUM}`)];
  await ensureGuiBuilt();
  const sizes = [...new Set([500, 2000, ...growth])];
  const dataDir = tempDir('long-chats');
  const ids = await seedLongChats(dataDir, sizes);
  const longAnswer = await seedLongAnswer(dataDir);
  const { chromium } = await import('@playwright/test');
  const server = await startServer({ ollamaUrl, dataDir, env: { GUI_DIR } });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const firstOpen = await firstOpenAfterLoad(browser, server.base, ids.get(Math.min(...sizes)) as string, runs);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx keeps function names with a `__name` helper that page.evaluate's copies of them call.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.addInitScript(PROBE);
    await page.goto(server.base);
    await page.getByTestId('composer-input').waitFor();
    // Warm-up: the message list and markdown chunks, JIT.
    const small = ids.get(Math.min(...sizes)) as string;
    await openFromSidebar(page, small, Math.min(...sizes));
    await goHome(page);

    const rows: Row[] = [
      row(
        `first chat opened after the app loads (${fmt(Math.min(...sizes), 0)} messages, a fresh page each, median of ${runs}): click → rows / → markdown`,
        `${ms(median(firstOpen.rows))} / ${ms(median(firstOpen.parsed))}`,
      ),
    ];
    for (const [n, target] of [
      [500, { settled: 150, last: Number.POSITIVE_INFINITY }],
      [2000, { settled: 300, last: Number.POSITIVE_INFINITY }],
    ] as const) {
      const id = ids.get(n) as string;
      const opened: OpenRun[] = [];
      for (let r = 0; r < runs; r++) {
        opened.push(await openFromSidebar(page, id, n));
        await goHome(page);
      }
      const settled = median(opened.map((o) => o.settledMs));
      const allTasks = opened.flatMap((o) => o.longTasks);
      const longest = allTasks.length ? Math.max(...allTasks) : 0;
      log(`open ${n}: settled ${opened.map((o) => fmt(o.settledMs, 0)).join(', ')} ms`);
      rows.push(
        row(
          `open a ${fmt(n, 0)}-message chat from the sidebar: click → settled (median of ${runs})`,
          ms(settled),
          `≤ ${target.settled} ms`,
          settled <= target.settled,
        ),
        row('   to the last message in the DOM', ms(median(opened.map((o) => o.lastMessageMs)))),
        row(`   long tasks (> 50 ms), all ${runs} runs`, longTaskText(allTasks), 'none > 50 ms', longest <= 50),
      );
    }

    // Wheel to the top of the 500-message chat.
    const id500 = ids.get(500) as string;
    await openFromSidebar(page, id500, 500);
    // BENCH_WHEEL_TRACE=file: a Chromium trace of the wheel run, to see where a slow frame went (and of the
    // long answer's wheel run, in file.long-answer.json).
    const traceFile = process.env.BENCH_WHEEL_TRACE;
    if (traceFile)
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'],
      });
    const wheel = await wheelToTop(page);
    if (traceFile) writeFileSync(traceFile, await browser.stopTracing());
    // The measure's own floor: the same events and frame callbacks with nothing scrolled. Headless Chromium's frame
    // callbacks come 15.8 and 17.5 ms apart by turns (each pair 33.3 ms), so a p95 of 17 ms is what no work at all
    // measures.
    const still = await wheelToTop(page, 200, 0);
    await goHome(page);
    const p95 = percentile(wheel.frames, 95);
    const maxFrame = Math.max(...wheel.frames);
    const janky = wheel.frames.filter((f) => f > 50).length;
    rows.push(
      row(
        `wheel a 500-message chat to its top (${wheel.events} events of 500 px): frame p95`,
        ms(p95),
        '≤ 17 ms',
        p95 <= 17,
      ),
      row('   longest frame / frames > 50 ms', `${ms(maxFrame)} / ${janky}`, '≤ 50 ms / 0', maxFrame <= 50),
      row(
        "   the same 200 events of 0 px (nothing scrolls: the measure's floor): frame p95 / longest",
        `${ms(percentile(still.frames, 95))} / ${ms(Math.max(...still.frames))}`,
      ),
      row('   time to the top', ms(wheel.toTopMs)),
      row(
        '   content height: at the bottom / min / max',
        `${fmt(wheel.heightStart, 0)} / ${fmt(wheel.heightMin, 0)} / ${fmt(wheel.heightMax, 0)} px`,
        'stable',
        wheel.heightMax <= wheel.heightStart * 1.1 && wheel.heightMin >= wheel.heightStart * 0.9,
      ),
    );

    // A second open of the same chat (the row heights of the first are known now).
    const reopen = await openFromSidebar(page, id500, 500);
    await goHome(page);
    rows.push(row('   re-open of that chat: settled', ms(reopen.settledMs)));

    // A chat whose last answer is 20,000 tokens of dense markdown, opened from history: the end shows first.
    const longOpens: OpenRun[] = [];
    for (let r = 0; r < runs; r++) {
      longOpens.push(await openFromSidebar(page, longAnswer.id, 2, longAnswer.endText));
      if (r < runs - 1) await goHome(page);
    }
    if (traceFile)
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'],
      });
    const longWheel = await wheelToTop(page);
    if (traceFile) writeFileSync(traceFile.replace(/(\.json)?$/, '.long-answer.json'), await browser.stopTracing());
    await goHome(page);
    const longTasksAll = longOpens.flatMap((o) => o.longTasks);
    const longestOpen = longTasksAll.length ? Math.max(...longTasksAll) : 0;
    const longWheelMax = Math.max(...longWheel.frames);
    log(`open long answer: end rendered ${longOpens.map((o) => fmt(o.endRenderedMs, 0)).join(', ')} ms`);
    rows.push(
      row(
        `open a chat whose last answer is ${fmt(longAnswer.chars / 1000, 0)} KB of markdown: click → its last words rendered (median of ${runs})`,
        ms(median(longOpens.map((o) => o.endRenderedMs))),
      ),
      row('   click → settled', ms(median(longOpens.map((o) => o.settledMs)))),
      row(`   long tasks (> 50 ms), all ${runs} runs`, longTaskText(longTasksAll), 'none > 50 ms', longestOpen <= 50),
      row(
        `   wheel that answer to its top (${longWheel.events} events): frame p95 / longest / frames > 50 ms`,
        `${ms(percentile(longWheel.frames, 95))} / ${ms(longWheelMax)} / ${longWheel.frames.filter((f) => f > 50).length}`,
        '≤ 50 ms',
        longWheelMax <= 50,
      ),
      row(
        '   content height while wheeling: at the bottom / min / max',
        `${fmt(longWheel.heightStart, 0)} / ${fmt(longWheel.heightMin, 0)} / ${fmt(longWheel.heightMax, 0)} px`,
      ),
    );

    rows.push(row('growth: open time vs chat length (settled / long tasks)', ''));
    for (const n of growth) {
      const id = ids.get(n) as string;
      const o = await openFromSidebar(page, id, n);
      const top = n > MESSAGE_PAGE.default ? await jumpToTop(page) : null;
      // Typing with the whole chat loaded: the context meter plans over every loaded message on each keystroke.
      const typing = await typeInComposer(page);
      await goHome(page);
      rows.push(row(`   ${fmt(n, 0)} messages`, `${ms(o.settledMs)} / ${longTaskText(o.longTasks)}`));
      if (top) {
        rows.push(
          row(
            `      then to its first message (the older pages load): time / requests / long tasks`,
            `${ms(top.ms)} / ${top.requests} / ${longTaskText(top.longTasks)}`,
          ),
        );
      }
      rows.push(
        row(
          `      then typing in its composer (${typing.length} keys, all ${fmt(n, 0)} loaded): main thread per key, median / max`,
          `${fmt(median(typing), 2)} / ${fmt(Math.max(...typing), 1)} ms`,
        ),
      );
    }

    const firsts: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t = await firstTextAfterEnter(page, i);
      if (i > 0) firsts.push(t);
    }
    const first = median(firsts);
    rows.push(
      row(`first answer text after Enter in a new chat (median of ${runs})`, ms(first), '≤ 100 ms', first <= 100),
    );
    return rows;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}
