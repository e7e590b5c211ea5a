/**
 * GUI memory over many chats: Chromium (Playwright) opens 50 chats one after another in the built app
 * (each with a finished answer from the fake Ollama), going from one to the next through the sidebar as
 * a user does, then leaves the last one. The JS heap is read after a forced GC (CDP
 * `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`) before and after each round, with the number
 * of live per-chat thread stores (the GUI writes it to `data-live-threads` on <html>). A closed chat's
 * store is released, so neither figure should grow from round to round.
 */
import { existsSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { ensureGuiBuilt, GUI_DIR } from '../lib/gui-build';
import { startServer } from '../lib/server';
import { fmt } from '../lib/stats';
import { type Row, row } from '../lib/table';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHATS = 50;
const ROUNDS = Number(process.env.BENCH_GUI_MEMORY_ROUNDS) || 2;
const log = (text: string) => process.stderr.write(`  ${text}\n`);
const mb = (bytes: number) => `${fmt(bytes / 1e6, 2)} MB`;

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status}`);
  return (await res.json()) as T;
}

/** A chat with one question and its finished answer (the fake's echo model answers at once). */
async function seedChat(base: string, i: number): Promise<string> {
  const chat = await json<{ id: string }>(`${base}/api/chats`, {
    method: 'POST',
    body: JSON.stringify({ model: 'llama3.2', title: `Memory chat ${i + 1}` }),
  });
  await json(`${base}/api/chats/${chat.id}/messages`, {
    method: 'POST',
    body: JSON.stringify({ content: `Question number ${i + 1}: say something with **markdown** and \`code\`.` }),
  });
  for (;;) {
    const { messages } = await json<{ messages: { status: string }[] }>(`${base}/api/chats/${chat.id}/messages`);
    if (messages.at(-1)?.status === 'complete') return chat.id;
    if (messages.at(-1)?.status === 'error') throw new Error('the seeded answer failed');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Sample {
  heap: number;
  threads: number;
}

async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const threads = Number(await page.evaluate(() => document.documentElement.dataset.liveThreads ?? 'NaN'));
  return { heap: usedSize, threads };
}

/** Opens every chat in turn from the sidebar, waiting for its answer to show, then goes home. */
async function round(page: Page, ids: string[]): Promise<void> {
  for (const id of ids) {
    await page.locator(`a[href="/c/${id}"]`).first().click();
    // locator.waitFor, not waitForSelector: the ElementHandle the latter returns would keep the
    // closed chat's DOM alive and show up as growth.
    await page.locator('[data-testid=message-assistant][data-status=complete]').waitFor({ timeout: 30_000 });
  }
  await page.locator('a[href="/"]').first().click();
  await page.getByTestId('composer-input').waitFor();
  // Released threads go on the next turn of the event loop: let a few frames pass.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function guiMemory(ollamaUrl: string): Promise<Row[]> {
  const title = `12. GUI memory, open and close ${CHATS} chats × ${ROUNDS} (Chromium)`;
  if (!existsSync(CHROMIUM)) return [row(title, `skipped: no Chromium at ${CHROMIUM}`)];
  await ensureGuiBuilt();
  const { chromium } = await import('@playwright/test');
  const server = await startServer({ ollamaUrl, env: { GUI_DIR } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const ids: string[] = [];
    for (let i = 0; i < CHATS; i++) ids.push(await seedChat(server.base, i));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.base);
    await page.locator(`a[href="/c/${ids[0]}"]`).first().waitFor();
    // Warm-up: the markdown chunk, the highlighter and React's own first-use allocations.
    await round(page, ids.slice(0, 5));
    const samples: Sample[] = [await sample(page, cdp)];
    for (let r = 0; r < ROUNDS; r++) {
      await round(page, ids);
      samples.push(await sample(page, cdp));
    }
    log(`heap after GC: ${samples.map((s) => mb(s.heap)).join(' → ')}`);
    log(`live thread stores: ${samples.map((s) => s.threads).join(' → ')}`);
    const first = samples[0] as Sample;
    return samples
      .slice(1)
      .map((s, i) =>
        row(
          `${title}, after round ${i + 1}`,
          `heap ${mb(first.heap)} → ${mb(s.heap)} (${s.heap >= first.heap ? '+' : ''}${mb(s.heap - first.heap)}); ` +
            `live thread stores ${first.threads} → ${s.threads}`,
        ),
      );
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
