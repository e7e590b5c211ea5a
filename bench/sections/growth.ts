/**
 * Growth curves, a row per size: cold start (and then the chat list and one chat's messages) vs the
 * number of chats in the DB, and server memory vs the number of open SSE clients (`GET /api/events`,
 * the stream every open GUI tab holds).
 */
import http from 'node:http';
import type { ChatList } from '../../src/shared/api';
import { removeTempDir, tempDir } from '../lib/children';
import { getJson } from '../lib/client';
import { seedChats } from '../lib/seed';
import { readRss, spawnServer, startServer } from '../lib/server';
import { fmt, median, sleep, timeMedian } from '../lib/stats';
import { type Row, row } from '../lib/table';
import { timedStarts } from './cold-start';

const log = (text: string) => process.stderr.write(`  ${text}\n`);

export async function coldStartVsChats(ollamaUrl: string, sizes: number[], runs: number): Promise<Row[]> {
  const rows: Row[] = [row('growth: cold start → first 200 vs chats in the DB (3 messages each)', '')];
  for (const chats of sizes) {
    const dataDir = tempDir(`grow-${chats}`);
    try {
      if (chats > 0) {
        const seeded = await seedChats(dataDir, chats, 3);
        log(`seeded ${fmt(seeded.chats, 0)} chats in ${fmt(seeded.ms, 0)} ms`);
      }
      const starts = await timedStarts(runs, (port) => spawnServer({ ollamaUrl, dataDir, port }));
      log(`${fmt(chats, 0)} chats → first 200: ${starts.firstOk.map((ms) => fmt(ms, 0)).join(', ')} ms`);
      rows.push(row(`   ${fmt(chats, 0)} chats, median of ${runs}`, `${fmt(median(starts.firstOk), 1)} ms`));
      if (chats > 0) rows.push(await readsVsChats(ollamaUrl, dataDir, chats));
    } finally {
      removeTempDir(dataDir);
    }
  }
  return rows;
}

const READS = 20;

/**
 * What a user with that many chats waits for once the app is up: the sidebar's first page and one
 * chat's messages. Neither should grow with the chats (and messages) stored elsewhere.
 */
async function readsVsChats(ollamaUrl: string, dataDir: string, chats: number): Promise<Row> {
  const server = await startServer({ ollamaUrl, dataDir });
  try {
    const listUrl = `${server.base}/api/chats?limit=50`;
    // Also the warm-up read of both timings below.
    const id = (await getJson<ChatList>(listUrl)).chats.at(-1)?.id;
    if (!id) throw new Error('the seeded chats are not listed');
    const list = (await timeMedian(READS, () => getJson(listUrl))).medianMs;
    const messages = (await timeMedian(READS, () => getJson(`${server.base}/api/chats/${id}/messages`))).medianMs;
    log(`${fmt(chats, 0)} chats: chat list page ${fmt(list, 2)} ms, one chat's 3 messages ${fmt(messages, 2)} ms`);
    return row(
      `      then: first chat-list page (50) / one chat's messages, median of ${READS}`,
      `${fmt(list, 2)} / ${fmt(messages, 2)} ms`,
    );
  } finally {
    await server.stop();
  }
}

/** Opens one `GET /api/events` stream; resolves with its status once the headers are in. */
function openEvents(base: string, sockets: http.ClientRequest[]): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(`${base}/api/events`);
    const req = http.get(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        agent: false,
        headers: { accept: 'text/event-stream' },
      },
      (res) => {
        res.resume(); // keep reading: a client that stops reading is another test
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', () => resolve(0));
    sockets.push(req);
  });
}

export async function memoryVsSseClients(ollamaUrl: string, counts: number[]): Promise<Row[]> {
  const rows: Row[] = [row('growth: server RSS vs open SSE clients (/api/events, fresh server each)', '')];
  for (const n of counts) {
    const server = await startServer({ ollamaUrl });
    const sockets: http.ClientRequest[] = [];
    try {
      await sleep(500);
      const before = readRss(server.pid)?.rssMB ?? Number.NaN;
      const statuses: number[] = [];
      // In batches, like tabs opening, not one 500-connection burst at the accept queue.
      for (let i = 0; i < n; i += 50) {
        statuses.push(
          ...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => openEvents(server.base, sockets)))),
        );
      }
      await sleep(1000);
      const after = readRss(server.pid)?.rssMB ?? Number.NaN;
      const ok = statuses.filter((s) => s === 200).length;
      log(`${n} SSE clients: ${ok} accepted, RSS ${fmt(before)} → ${fmt(after)} MB`);
      rows.push(
        row(
          `   ${fmt(n, 0)} client${n === 1 ? '' : 's'} (${ok} accepted): RSS / added per client`,
          `${fmt(after)} MB / ${fmt(((after - before) * 1000) / Math.max(1, ok), 1)} kB`,
        ),
      );
    } finally {
      for (const s of sockets) s.destroy();
      await server.stop();
    }
  }
  return rows;
}
