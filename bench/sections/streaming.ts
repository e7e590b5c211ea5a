/** §8 rows 1, 2 and 5: relay throughput, server-added time to first token, server RSS. */

import { removeTempDir, tempDir } from '../lib/children';
import { chatDirect, createChat, getJson, readGenerationEvents, sendMessage } from '../lib/client';
import { seedLongChats } from '../lib/seed';
import type { FakeChild, ServerChild } from '../lib/server';
import { readRss, startServer } from '../lib/server';
import { fmt, median, percentile, sleep } from '../lib/stats';
import { type Row, row } from '../lib/table';

const log = (text: string) => process.stderr.write(`  ${text}\n`);

/** One answer through the server: POST message → SSE `done`. */
async function viaServer(base: string, model: string, content: string) {
  const chat = await createChat(base, model);
  const t0 = performance.now();
  const sent = await sendMessage(base, chat.id, content);
  const sse = await readGenerationEvents(base, sent.generationId);
  return { t0, ...sse };
}

export async function relayThroughput(server: ServerChild, fake: FakeChild, runs: number): Promise<Row[]> {
  // Warm-up (JIT, model catalog, first /api/show), not counted.
  await chatDirect(fake.url, 'huge', 'warm up');
  await viaServer(server.base, 'huge', 'warm up');
  const direct: number[] = [];
  const relayed: number[] = [];
  const relayMs: number[] = [];
  const deltaEvents: number[] = [];
  let tokens = 0;
  for (let i = 0; i < runs; i++) {
    const d = await chatDirect(fake.url, 'huge', `Write a long answer, run ${i}`);
    direct.push(d.chunks / ((d.endAt - d.startAt) / 1000));
    const s = await viaServer(server.base, 'huge', `Write a long answer, run ${i}`);
    tokens = s.done?.metrics?.evalCount ?? 0;
    if (tokens === 0) throw new Error('the done event carried no metrics.evalCount');
    relayed.push(tokens / ((s.endAt - s.t0) / 1000));
    relayMs.push(s.endAt - s.t0);
    deltaEvents.push(s.deltaEvents);
    log(
      `run ${i + 1}/${runs}: direct ${fmt(direct.at(-1), 0)} tok/s (${d.chunks} chunks), via server ${fmt(relayed.at(-1), 0)} tok/s (${tokens} tokens, ${s.deltaEvents} delta events, ${fmt(s.endAt - s.t0, 0)} ms)`,
    );
  }
  const relayedMedian = median(relayed);
  const directMedian = median(direct);
  const ratio = relayedMedian / directMedian;
  return [
    row(
      `relay throughput fake → server → SSE, 1 \`huge\` stream (${fmt(tokens, 0)} tokens), median of ${runs}`,
      `${fmt(relayedMedian, 0)} tok/s = ${fmt(ratio, 2)} × direct`,
      '≥ 0.7 × reading the fake directly',
      ratio >= 0.7,
    ),
    row('   same stream read directly from the fake (NDJSON)', `${fmt(directMedian, 0)} tok/s`),
    row(
      '   via server: POST → `done` time / SSE delta events',
      `${fmt(median(relayMs), 0)} ms / ${fmt(median(deltaEvents), 0)}`,
    ),
  ];
}

interface TtftSamples {
  /** POST /api/chat → first NDJSON token, straight from the fake. */
  direct: number[];
  /** POST message → first SSE token, through the server. */
  viaServer: number[];
  /** POST message → 202. */
  accepted: number[];
  /** The answers' metrics.ttftMs, as the server recorded them. */
  serverMeasured: number[];
}

/**
 * `runs` answers timed through the server, each right after the same question timed straight from the fake,
 * after `warmUp` uncounted ones. `chatFor(i)` is the chat the i-th question goes to.
 */
async function sampleTtft(
  base: string,
  fakeUrl: string,
  chatFor: (i: number) => string,
  runs: number,
  warmUp = 3,
): Promise<TtftSamples> {
  const samples: TtftSamples = { direct: [], viaServer: [], accepted: [], serverMeasured: [] };
  for (let i = 0; i < runs + warmUp; i++) {
    const d = await chatDirect(fakeUrl, 'llama3.2', `Hello there, run ${i}`);
    if (d.firstTokenAt === null) throw new Error('the fake sent no token');
    const t0 = performance.now();
    const sent = await sendMessage(base, chatFor(i), `Hello there, run ${i}`);
    const t202 = performance.now();
    const s = await readGenerationEvents(base, sent.generationId);
    if (s.firstTokenAt === null) throw new Error('the server sent no token');
    if (i < warmUp) continue;
    samples.direct.push(d.firstTokenAt - d.startAt);
    samples.viaServer.push(s.firstTokenAt - t0);
    samples.accepted.push(t202 - t0);
    const ttft = s.done?.metrics?.ttftMs;
    if (typeof ttft === 'number') samples.serverMeasured.push(ttft);
  }
  return samples;
}

const serverAdded = (s: TtftSamples) => median(s.viaServer) - median(s.direct);

export async function timeToFirstToken(
  server: ServerChild,
  fake: FakeChild,
  runs: number,
  label: string,
): Promise<Row[]> {
  // A fresh chat per question: chats made beforehand, so making one is not timed.
  const chats: string[] = [];
  for (let i = 0; i < runs + 3; i++) chats.push((await createChat(server.base, 'llama3.2')).id);
  const s = await sampleTtft(server.base, fake.url, (i) => chats[i] as string, runs);
  const added = serverAdded(s);
  return [
    row(
      `server-added time to first token${label} (median of ${s.direct.length})`,
      `${fmt(added, 2)} ms`,
      label === '' ? '≤ 3 ms median' : '',
      label === '' ? added <= 3 : null,
    ),
    row(
      '   POST message → first SSE token, via server: median / p90',
      `${fmt(median(s.viaServer), 2)} / ${fmt(percentile(s.viaServer, 90), 2)} ms`,
    ),
    row('   of which POST message → 202 accepted: median', `${fmt(median(s.accepted), 2)} ms`),
    row(
      '   POST /api/chat → first NDJSON token, direct: median / p90',
      `${fmt(median(s.direct), 2)} / ${fmt(percentile(s.direct, 90), 2)} ms`,
    ),
    row('   metrics.ttftMs the server recorded: median', `${fmt(median(s.serverMeasured), 2)} ms`),
  ];
}

/**
 * Growth: the server's part of the time to first token for a question at the end of a chat of each size (seeded
 * through the app's History; Ollama's default window, so all but the newest turns are left out of the context).
 * Timed through the proxy in front of the fake: the model's own time to read a longer prompt is not the server's.
 */
export async function ttftVsChatLength(fake: FakeChild, sizes: number[], runs: number): Promise<Row[]> {
  const dataDir = tempDir('ttft-growth');
  const rows: Row[] = [
    row('growth: server time to first token vs chat length (POST → request at Ollama + first byte → SSE token)', ''),
  ];
  try {
    const ids = await seedLongChats(dataDir, sizes);
    const server = await startServer({ ollamaUrl: fake.timingUrl, dataDir });
    try {
      for (const n of sizes) {
        const id = ids.get(n) as string;
        const t = await timedSends(server.base, fake.timingUrl, () => id, runs, 2);
        const total = t.beforeRequest.map((ms, i) => ms + (t.relay[i] ?? 0));
        log(`${fmt(n, 0)} messages: POST → Ollama ${t.beforeRequest.map((ms) => fmt(ms, 1)).join(', ')} ms`);
        rows.push(
          row(
            `   ${fmt(n, 0)} messages, median of ${total.length}: total / POST → request at Ollama / POST → 202`,
            `${fmt(median(total), 2)} / ${fmt(median(t.beforeRequest), 2)} / ${fmt(median(t.accepted), 2)} ms`,
          ),
        );
      }
    } finally {
      await server.stop();
    }
  } finally {
    removeTempDir(dataDir);
  }
  return rows;
}

/** What the idle figures follow: start-up, then the requests of opening the app and one short answer. */
async function sevenRequests(base: string): Promise<void> {
  await getJson(`${base}/api/health`);
  await getJson(`${base}/api/chats`);
  await getJson(`${base}/api/models`).catch(() => undefined);
  const chat = await createChat(base, 'llama3.2');
  const sent = await sendMessage(base, chat.id, 'Hello');
  await readGenerationEvents(base, sent.generationId);
  await getJson(`${base}/api/chats/${chat.id}/messages`);
  await getJson(`${base}/api/chats`);
}

export async function idleRss(server: ServerChild): Promise<Row[]> {
  await sevenRequests(server.base);
  await sleep(1000);
  const rss = readRss(server.pid);
  if (!rss) return [row('server RSS idle', 'n/a (no /proc)', '≤ 60 MB', null)];
  return [
    row('server RSS idle (after start + 7 requests, 1 s quiet)', `${fmt(rss.rssMB)} MB`, '≤ 60 MB', rss.rssMB <= 60),
  ];
}

/** How long a server is left quiet before its settled RSS is read. */
const SETTLED_IDLE_MS = 12_000;

/**
 * A server of its own, left quiet after the same requests: V8's memory reducer gives memory back after
 * some seconds without allocation, shrinking the young generation to its initial 1 MB, where the server
 * then keeps it (src/server.ts stops its growth). Then the same burst as above, to show what that costs.
 */
export async function settledIdleRss(ollamaUrl: string): Promise<Row[]> {
  const server = await startServer({ ollamaUrl });
  try {
    await sevenRequests(server.base);
    await sleep(SETTLED_IDLE_MS);
    const settled = readRss(server.pid);
    if (!settled) return [row('server RSS idle, settled', 'n/a (no /proc)', '≤ 60 MB', null)];
    const after = await burst(server, 4, 0);
    return [
      row(
        `server RSS idle, ${SETTLED_IDLE_MS / 1000} s quiet (time for V8's memory reducer; fresh server)`,
        `${fmt(settled.rssMB)} MB`,
        '≤ 60 MB',
        settled.rssMB <= 60,
      ),
      row(
        '   then 4 concurrent `huge` streams: RSS peak / wall time',
        `${fmt(after.peak)} MB / ${fmt(after.ms, 0)} ms`,
        '≤ 80 MB',
        after.peak <= 80,
      ),
    ];
  } finally {
    await server.stop();
  }
}

/** How long after a burst of streams memory may take to come back, and how close it must come. */
const AFTER_USE_WAIT_MS = 15_000;
const AFTER_USE_SLACK_MB = 2;
/** Bursts of streams, each followed by that wait: one burst alone is the easy case for V8's memory reducer. */
const BURSTS = 3;

/** `streams` concurrent `huge` answers, RSS sampled every 20 ms. */
async function burst(server: ServerChild, streams: number, round: number) {
  const base = server.base;
  const chats = await Promise.all(Array.from({ length: streams }, () => createChat(base, 'huge')));
  let peak = 0;
  let samples = 0;
  const sample = () => {
    const rss = readRss(server.pid);
    if (rss) {
      peak = Math.max(peak, rss.rssMB);
      samples += 1;
    }
  };
  sample();
  const timer = setInterval(sample, 20);
  const t0 = performance.now();
  let tokens = 0;
  try {
    const results = await Promise.all(
      chats.map(async (chat, i) => {
        const sent = await sendMessage(base, chat.id, `Write a long answer, burst ${round}, stream ${i}`);
        return readGenerationEvents(base, sent.generationId);
      }),
    );
    tokens = results.reduce((sum, r) => sum + (r.done?.metrics?.evalCount ?? 0), 0);
  } finally {
    clearInterval(timer);
  }
  sample();
  return { peak, samples, tokens, ms: performance.now() - t0 };
}

export async function rssDuringStreams(server: ServerChild, streams: number): Promise<Row[]> {
  const before = readRss(server.pid)?.rssMB ?? Number.NaN;
  const first = await burst(server, streams, 0);
  const hwm = readRss(server.pid)?.hwmMB ?? Number.NaN;
  // The issue asks for memory to come back to idle after use: V8's memory reducer gets time to run
  // after each burst.
  const after: number[] = [];
  for (let round = 0; round < BURSTS; round++) {
    if (round > 0) await burst(server, streams, round);
    await sleep(AFTER_USE_WAIT_MS);
    after.push(readRss(server.pid)?.rssMB ?? Number.NaN);
  }
  const last = after.at(-1) ?? Number.NaN;
  process.stderr.write(
    `  RSS before ${fmt(before)} MB; ${AFTER_USE_WAIT_MS / 1000} s after each burst: ${after.map((a) => fmt(a)).join(', ')} MB\n`,
  );
  return [
    row(
      `server RSS peak during ${streams} concurrent \`huge\` streams (${first.samples} samples, 20 ms)`,
      `${fmt(first.peak)} MB`,
      '≤ 80 MB',
      first.peak <= 80,
    ),
    row('   VmHWM (kernel high-water mark since start)', `${fmt(hwm)} MB`),
    row(
      `   back to idle: ${AFTER_USE_WAIT_MS / 1000} s after each of ${BURSTS} bursts / just before the first`,
      `${after.map((a) => fmt(a)).join(', ')} / ${fmt(before)} MB`,
      `≤ before + ${AFTER_USE_SLACK_MB} MB`,
      last <= before + AFTER_USE_SLACK_MB,
    ),
    row(`   ${streams} streams: total tokens / wall time`, `${fmt(first.tokens, 0)} / ${fmt(first.ms, 0)} ms`),
  ];
}

/**
 * Where the server-added time to first token goes: the server talks to the fake through a proxy
 * (bench/lib/timing-proxy.ts) that notes when `/api/chat` arrived and when the first answer byte
 * passed, in wall-clock ms shared by both processes. The proxy adds a hop of its own, so these runs
 * explain the figure above; they do not replace it.
 */
interface TimedSends {
  /** POST message → 202. */
  accepted: number[];
  /** POST message → /api/chat reaches Ollama: the server's work before the model's. */
  beforeRequest: number[];
  /** /api/chat → the model's first byte (not server time). */
  upstream: number[];
  /** The model's first byte → the first SSE token at the client. */
  relay: number[];
}

/** Sends timed through the timing proxy in front of the fake (`timingUrl`), after `warmUp` uncounted ones. */
async function timedSends(
  base: string,
  timingUrl: string,
  chatFor: (i: number) => string,
  runs: number,
  warmUp = 3,
): Promise<TimedSends> {
  const wall = () => performance.timeOrigin + performance.now();
  await getJson(`${timingUrl}/__bench/chats`); // forget the catalogue's requests
  const out: TimedSends = { accepted: [], beforeRequest: [], upstream: [], relay: [] };
  for (let i = 0; i < runs + warmUp; i++) {
    const t0 = wall();
    const sent = await sendMessage(base, chatFor(i), `Hello there, run ${i}`);
    const t202 = wall();
    const s = await readGenerationEvents(base, sent.generationId);
    if (s.firstTokenAt === null) throw new Error('the server sent no token');
    const firstTokenWall = performance.timeOrigin + s.firstTokenAt;
    const notes = await getJson<
      Array<{ arrivedAt: number; upstreamFirstByteAt: number | null; forwardedFirstByteAt: number | null }>
    >(`${timingUrl}/__bench/chats`);
    const note = notes[0];
    if (i < warmUp || !note || note.forwardedFirstByteAt === null || note.upstreamFirstByteAt === null) continue;
    out.accepted.push(t202 - t0);
    out.beforeRequest.push(note.arrivedAt - t0);
    out.upstream.push(note.upstreamFirstByteAt - note.arrivedAt);
    out.relay.push(firstTokenWall - note.forwardedFirstByteAt);
  }
  return out;
}

export async function ttftBreakdown(server: ServerChild, timingUrl: string, runs: number): Promise<Row[]> {
  const chats: string[] = [];
  for (let i = 0; i < runs + 3; i++) chats.push((await createChat(server.base, 'llama3.2')).id);
  const t = await timedSends(server.base, timingUrl, (i) => chats[i] as string, runs);
  const m = (xs: number[]) => `${fmt(median(xs), 2)} ms`;
  return [
    row(`   where it goes (server → timing proxy → fake, median of ${t.accepted.length}): POST → 202`, m(t.accepted)),
    row(
      '   POST → /api/chat reaches Ollama (validate, store user + placeholder, read context, settings)',
      m(t.beforeRequest),
    ),
    row('   /api/chat → first answer byte (the model: not server time)', m(t.upstream)),
    row('   first answer byte → first SSE token at the client (parse, coalesce, SSE write)', m(t.relay)),
  ];
}
