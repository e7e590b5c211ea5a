/** §8 row 3: SQLite writes for one 20,000-token answer, counted by the app's own History. */
import { BackendService } from '../../src/backend/service';
import { loadConfig } from '../../src/utils/config';
import { createLogger } from '../../src/utils/logger';
import { removeTempDir, tempDir } from '../lib/children';
import { createChat, readGenerationEvents, sendMessage } from '../lib/client';
import { fmt, sleep } from '../lib/stats';
import { type Row, row } from '../lib/table';

interface WriteRun {
  writes: number;
  /** Storing the question and the answer's placeholder, before the 202. */
  sendWrites: number;
  /** After the 202, up to the last event before the final one. */
  streamingWrites: number;
  /** From the last event before the final one to the end (the end of the answer, bookkeeping after it). */
  endWrites: number;
  tokens: number;
  streamMs: number;
  flushIntervalMs: number;
  /** The same three phases by statement and table, e.g. "UPDATE messages ×20". */
  sendKinds: string;
  streamingKinds: string;
  endKinds: string;
}

type Kinds = Map<string, number>;

/** "INSERT messages, UPDATE chats ×2": the statements counted between two snapshots, most frequent first. */
function kindsBetween(from: Kinds, to: Kinds): string {
  const parts = [...to]
    .map(([what, n]) => [what, n - (from.get(what) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return parts.length === 0 ? 'none' : parts.map(([what, n]) => (n === 1 ? what : `${what} ×${n}`)).join(', ');
}

/**
 * A fresh in-process BackendService (default FLUSH_INTERVAL_MS) answering `answers` `huge` messages in
 * one chat, one after the other: the first is the model's first answer in this process and database.
 */
async function countWrites(ollamaUrl: string, answers = 1): Promise<WriteRun[]> {
  const dataDir = tempDir('writes');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    OLLAMA_HOST: ollamaUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  const service = new BackendService({ config, logger: createLogger('silent') });
  await service.start();
  try {
    const chat = await createChat(service.url, 'huge');
    const runs: WriteRun[] = [];
    for (let i = 0; i < answers; i++) {
      const before = service.store.writeCount;
      const kindsBefore = service.store.writesByStatement();
      const sent = await sendMessage(service.url, chat.id, 'Write a very long answer');
      // The budget's window: the answer, from the 202 on.
      const t0 = performance.now();
      const afterSend = service.store.writeCount;
      const kindsAfterSend = service.store.writesByStatement();
      // The client runs in the server's process: the count read as an event arrives is exact. The
      // count before the end is the one at the last read before the one that brought the final event.
      const samples: { at: number; count: number; kinds: Kinds }[] = [];
      const sse = await readGenerationEvents(service.url, sent.generationId, 120_000, (_event, at) => {
        samples.push({ at, count: service.store.writeCount, kinds: service.store.writesByStatement() });
      });
      const lastBeforeFinal = samples.findLast((x) => x.at < sse.endAt);
      const beforeFinal = lastBeforeFinal?.count ?? afterSend;
      const kindsBeforeFinal = lastBeforeFinal?.kinds ?? kindsAfterSend;
      const streamMs = sse.endAt - t0;
      await sleep(config.flushIntervalMs + 100); // a late flush, if any, is counted too
      const total = service.store.writeCount;
      const kindsEnd = service.store.writesByStatement();
      runs.push({
        sendKinds: kindsBetween(kindsBefore, kindsAfterSend),
        streamingKinds: kindsBetween(kindsAfterSend, kindsBeforeFinal),
        endKinds: kindsBetween(kindsBeforeFinal, kindsEnd),
        sendWrites: afterSend - before,
        streamingWrites: beforeFinal - afterSend,
        endWrites: total - beforeFinal,
        writes: total - before,
        tokens: sse.done?.metrics?.evalCount ?? 0,
        streamMs,
        flushIntervalMs: config.flushIntervalMs,
      });
    }
    return runs;
  } finally {
    await service.stop();
    removeTempDir(dataDir);
  }
}

export async function sqliteWrites(
  fastUrl: string,
  slowUrl: string,
  slow: { tokens: number; tokensPerSecond: number },
): Promise<Row[]> {
  const [fast] = (await countWrites(fastUrl)) as [WriteRun];
  process.stderr.write(`  full speed: ${fast.writes} writes, ${fast.tokens} tokens in ${fmt(fast.streamMs, 0)} ms\n`);
  const [paced, warm] = (await countWrites(slowUrl, 2)) as [WriteRun, WriteRun];
  process.stderr.write(
    `  paced: ${paced.writes} writes (send ${paced.sendWrites}, streaming ${paced.streamingWrites}, end ${paced.endWrites}), ${paced.tokens} tokens in ${fmt(paced.streamMs, 0)} ms\n`,
  );
  const label = (r: WriteRun) => `${fmt(r.tokens, 0)} tokens in ${fmt(r.streamMs / 1000, 2)} s`;
  // DESIGN §8, "SQLite writes during an answer": at most one per flush interval of streaming, plus at
  // most 3 at the end. Storing the question comes before the answer (and before the 202) and is shown
  // on its own, not counted against that budget.
  const intervals = Math.ceil(paced.streamMs / paced.flushIntervalMs);
  const allowed = intervals + 3;
  const duringAnswer = (r: WriteRun) => r.streamingWrites + r.endWrites;
  const perInterval = Math.max(0, duringAnswer(paced) - 3) / intervals;
  // A 20,000-token answer at the same pace, by the same rule. The end's writes happen once per answer
  // whatever its length, so only the streaming writes scale with the intervals.
  const longMs = (20_000 / slow.tokensPerSecond) * 1000;
  const longIntervals = Math.ceil(longMs / paced.flushIntervalMs);
  const streamingRate = paced.streamingWrites / intervals;
  const extrapolated = Math.round(streamingRate * longIntervals + paced.endWrites);
  return [
    row(
      `SQLite writes during 1 answer paced at ${fmt(slow.tokensPerSecond, 0)} tok/s (${label(paced)}; flush ${paced.flushIntervalMs} ms = ${intervals} intervals)`,
      `${duringAnswer(paced)}`,
      `≤ ${allowed} (1/interval + 3)`,
      duringAnswer(paced) <= allowed,
    ),
    row('   writes per flush interval (end writes counted as 3)', fmt(perInterval, 2), '≤ 1', perInterval <= 1),
    row(
      '   of which: storing the question (before the 202) / while streaming / at the end and after',
      `${paced.sendWrites} / ${paced.streamingWrites} / ${paced.endWrites}`,
      `— / ≤ ${intervals} / ≤ 3`,
      paced.streamingWrites <= intervals && paced.endWrites <= 3,
    ),
    row('      storing the question', paced.sendKinds),
    row('      while streaming (one flush of the partial answer per interval at most)', paced.streamingKinds),
    row(
      "      at the end (the answer, its chat's activity time, its metrics row; a model version first seen)",
      paced.endKinds,
    ),
    row(
      `   extrapolated: 20,000 tokens at ${fmt(slow.tokensPerSecond, 0)} tok/s (${fmt(longMs / 1000, 0)} s, ${longIntervals} intervals)`,
      `≈ ${fmt(extrapolated, 0)} writes`,
      `≤ ${longIntervals + 3}`,
      extrapolated <= longIntervals + 3,
    ),
    row(
      `   the next answer in the same chat and process: during the answer; question / streaming / end (${label(warm)})`,
      `${duringAnswer(warm)}; ${warm.sendWrites} / ${warm.streamingWrites} / ${warm.endWrites}`,
      `≤ ${Math.ceil(warm.streamMs / warm.flushIntervalMs) + 3}`,
      duringAnswer(warm) <= Math.ceil(warm.streamMs / warm.flushIntervalMs) + 3,
    ),
    row('      at the end of that answer', warm.endKinds),
    row(
      `   1 \`huge\` answer at full speed (${label(fast)}; the fake sends 64 KB batches): during the answer`,
      `${duringAnswer(fast)}`,
    ),
  ];
}
