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
  tokens: number;
  streamMs: number;
  flushIntervalMs: number;
}

/** A fresh in-process BackendService (default FLUSH_INTERVAL_MS) answering one `huge` message. */
async function countWrites(ollamaUrl: string): Promise<WriteRun> {
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
    const before = service.store.writeCount;
    const t0 = performance.now();
    const sent = await sendMessage(service.url, chat.id, 'Write a very long answer');
    const sse = await readGenerationEvents(service.url, sent.generationId);
    const streamMs = sse.endAt - t0;
    await sleep(config.flushIntervalMs + 100); // a late flush, if any, is counted too
    return {
      writes: service.store.writeCount - before,
      tokens: sse.done?.metrics?.evalCount ?? 0,
      streamMs,
      flushIntervalMs: config.flushIntervalMs,
    };
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
  const fast = await countWrites(fastUrl);
  process.stderr.write(`  full speed: ${fast.writes} writes, ${fast.tokens} tokens in ${fmt(fast.streamMs, 0)} ms\n`);
  const paced = await countWrites(slowUrl);
  process.stderr.write(`  paced: ${paced.writes} writes, ${paced.tokens} tokens in ${fmt(paced.streamMs, 0)} ms\n`);
  const label = (r: WriteRun) => `${fmt(r.tokens, 0)} tokens in ${fmt(r.streamMs / 1000, 2)} s`;
  // DESIGN §8: at most one write per flush interval of streaming, plus at most 3 at the end.
  const intervals = Math.ceil(paced.streamMs / paced.flushIntervalMs);
  const allowed = intervals + 3;
  const perInterval = Math.max(0, paced.writes - 3) / intervals;
  // A 20,000-token answer at the same pace, by the same rule and by the measured rate.
  const longMs = (20_000 / slow.tokensPerSecond) * 1000;
  const longIntervals = Math.ceil(longMs / paced.flushIntervalMs);
  const extrapolated = Math.round(perInterval * longIntervals + 3);
  return [
    row(
      `SQLite writes, 1 answer paced at ${fmt(slow.tokensPerSecond, 0)} tok/s (${label(paced)}; flush ${paced.flushIntervalMs} ms = ${intervals} intervals)`,
      `${paced.writes}`,
      `≤ ${allowed} (1/interval + 3)`,
      paced.writes <= allowed,
    ),
    row('   writes per flush interval (end writes counted as 3)', fmt(perInterval, 2), '≤ 1', perInterval <= 1),
    row(
      `   extrapolated: 20,000 tokens at ${fmt(slow.tokensPerSecond, 0)} tok/s (${fmt(longMs / 1000, 0)} s, ${longIntervals} intervals)`,
      `≈ ${fmt(extrapolated, 0)} writes`,
      `≤ ${longIntervals + 3}`,
      extrapolated <= longIntervals + 3,
    ),
    row(`   1 \`huge\` answer at full speed (${label(fast)}; the fake sends 64 KB batches)`, `${fast.writes}`),
  ];
}
