/**
 * Model metrics queries over 100,000 stored answers (issue budget: ≤ 50 ms each). The schema comes
 * from the app's own migrations; the answers are bulk-inserted with better-sqlite3 in one
 * transaction, then timed through History, i.e. the code the HTTP routes run.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { History } from '../../src/backend/history-manager';
import { DATABASE_FILE } from '../../src/backend/history-manager/database';
import { createLogger } from '../../src/utils/logger';
import { removeTempDir, tempDir } from '../lib/children';
import { fmt, timeMedian } from '../lib/stats';
import { type Row, row } from '../lib/table';

const BUDGET_MS = 50;

/** Skewed like real use: one everyday model holds 40 % of the answers, the last one 2 %. */
const MODELS = [
  { name: 'llama3.2:latest', share: 0.4, tps: 95 },
  { name: 'qwen3:8b', share: 0.2, tps: 42 },
  { name: 'gemma3:4b', share: 0.12, tps: 60 },
  { name: 'mistral:7b', share: 0.1, tps: 45 },
  { name: 'phi4:14b', share: 0.08, tps: 22 },
  { name: 'deepseek-r1:32b', share: 0.05, tps: 9 },
  { name: 'llava:13b', share: 0.03, tps: 25 },
  { name: 'hf.co/org/repo:q4_k_m', share: 0.02, tps: 70 },
] as const;

/** Deterministic pseudo-random numbers in [0, 1), so every run measures the same data. */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** The model whose share of the cumulative distribution holds `u` ∈ [0, 1). */
function pickModel(u: number): (typeof MODELS)[number] {
  let cumulative = 0;
  for (const m of MODELS) {
    cumulative += m.share;
    if (u < cumulative) return m;
  }
  return MODELS[0];
}

/** Chats of 100 answers each (roots, like imported single turns); each answer has its metrics row. */
function seedAnswers(dataDir: string, answers: number): void {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const insertChat = db.prepare(
      `INSERT INTO chats (id, title, model, system_prompt, options_json, pinned, archived, created_at, updated_at)
       VALUES (?, ?, ?, '', '{}', 0, 0, ?, ?)`,
    );
    const insertMessage = db.prepare(
      `INSERT INTO messages (id, chat_id, role, content, thinking, status, model, model_digest, metrics_json, created_at, updated_at)
       VALUES (?, ?, 'assistant', 'answer', '', 'complete', ?, ?, ?, ?, ?)`,
    );
    const insertMetrics = db.prepare(
      `INSERT INTO answer_metrics (message_id, model, model_digest, created_at, ttft_ms, tokens_per_second,
         prompt_tokens_per_second, load_duration_ms, prompt_eval_count, eval_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rnd = random(42);
    const newId = monotonicFactory();
    const start = Date.parse('2025-01-01T00:00:00Z');
    db.transaction(() => {
      let chatId = '';
      for (let i = 0; i < answers; i++) {
        const model = pickModel(rnd());
        const at = new Date(start + i * 60_000).toISOString();
        if (i % 100 === 0) {
          chatId = newId();
          insertChat.run(chatId, `Chat ${i / 100 + 1}`, model.name, at, at);
        }
        const promptTokens = Math.floor(2 ** (6 + rnd() * 11)); // 64 … 128k
        const evalTokens = Math.floor(20 + rnd() * 1500);
        const tps = Math.round(model.tps * (0.6 + rnd() * 0.8) * 100) / 100;
        const ttft = rnd() < 0.02 ? null : Math.round((40 + rnd() * 900) * 10) / 10;
        const promptTps = Math.round(model.tps * (8 + rnd() * 8) * 100) / 100;
        const load = rnd() < 0.8 ? Math.round(rnd() * 30) : Math.round(800 + rnd() * 4000);
        const digest = `sha256:${model.name.length.toString(16).padStart(64, '0')}`;
        const messageId = newId();
        const metrics = JSON.stringify({ ttftMs: ttft, tokensPerSecond: tps, evalCount: evalTokens });
        insertMessage.run(messageId, chatId, model.name, digest, metrics, at, at);
        insertMetrics.run(messageId, model.name, digest, at, ttft, tps, promptTps, load, promptTokens, evalTokens);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** The worst case for one model's figures: every answer is that model's (one everyday model, years of use). */
async function timeOneModelHoldingAll(dataDir: string, model: string, runs: number) {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  try {
    db.prepare('UPDATE answer_metrics SET model = ?').run(model);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const store = await History.open({ dataDir, logger: createLogger('silent') });
  try {
    return await timeMedian(runs, () => store.models.metrics(model, { limit: 500 }));
  } finally {
    await store.close();
  }
}

export async function modelMetricsQueries(answers: number, runs: number): Promise<Row[]> {
  const dataDir = tempDir('metrics');
  try {
    await (await History.open({ dataDir, logger: createLogger('silent') })).close(); // schema from the app's migrations
    const t0 = performance.now();
    seedAnswers(dataDir, answers);
    const seedMs = performance.now() - t0;
    process.stderr.write(`  seeded ${fmt(answers, 0)} answers in ${fmt(seedMs, 0)} ms\n`);

    const store = await History.open({ dataDir, logger: createLogger('silent') });
    try {
      const biggest = MODELS[0];
      const metrics = await store.models.metrics(biggest.name, { limit: 500 });
      const one = await timeMedian(runs, () => store.models.metrics(biggest.name, { limit: 500 }));
      const smallest = MODELS[MODELS.length - 1] ?? biggest;
      const small = await timeMedian(runs, () => store.models.metrics(smallest.name, { limit: 500 }));
      const comparison = await store.models.metricsComparison();
      const all = await timeMedian(runs, () => store.models.metricsComparison());
      const smallAnswers = comparison.models.find((m) => m.model === smallest.name)?.answers ?? 0;
      process.stderr.write(
        `  modelMetrics ${fmt(one.medianMs, 2)} ms (first ${fmt(one.firstMs, 2)}), ` +
          `metricsComparison ${fmt(all.medianMs, 2)} ms (first ${fmt(all.firstMs, 2)})\n`,
      );
      await store.close();
      const worst = await timeOneModelHoldingAll(dataDir, biggest.name, runs);
      return [
        row(
          `10. model metrics: ${fmt(answers, 0)} answers of ${MODELS.length} models seeded (one transaction)`,
          `${fmt(seedMs, 0)} ms`,
        ),
        row(
          `    modelMetrics, largest model (${fmt(metrics.summary.answers, 0)} answers, 500 points), median of ${runs}`,
          `${fmt(one.medianMs, 2)} ms`,
          `≤ ${BUDGET_MS} ms`,
          one.medianMs <= BUDGET_MS,
        ),
        row(
          `    modelMetrics, smallest model (${fmt(smallAnswers, 0)} answers), median of ${runs}`,
          `${fmt(small.medianMs, 2)} ms`,
          `≤ ${BUDGET_MS} ms`,
          small.medianMs <= BUDGET_MS,
        ),
        row(
          `    metricsComparison, ${comparison.models.length} models, median of ${runs}`,
          `${fmt(all.medianMs, 2)} ms`,
          `≤ ${BUDGET_MS} ms`,
          all.medianMs <= BUDGET_MS,
        ),
        row(
          `    modelMetrics, one model holding all ${fmt(answers, 0)} answers, median of ${runs}`,
          `${fmt(worst.medianMs, 2)} ms`,
          `≤ ${BUDGET_MS} ms`,
          worst.medianMs <= BUDGET_MS,
        ),
      ];
    } finally {
      await store.close(); // a no-op when already closed
    }
  } finally {
    removeTempDir(dataDir);
  }
}
