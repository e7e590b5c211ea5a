/**
 * Per-model performance figures from `answer_metrics`. Every percentile is read off an index
 * (`ORDER BY column LIMIT 2 OFFSET k`), so SQLite steps through index entries in C and no row is
 * fetched or sorted in JavaScript; the counts that place k come from `answer_metrics_counts`.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { MetricsComparison, MetricsPoint, MetricsSummary, ModelMetrics } from '../../shared/models-api';
import type { Database } from './schema';

type SummarisedColumn = 'tokens_per_second' | 'ttft_ms' | 'prompt_tokens_per_second' | 'load_duration_ms';

/** Labels of `answer_metrics.context_bucket` 0…4 (prompt + answer tokens, k = 1024; see migration 003). */
export const CONTEXT_BUCKET_LABELS = ['<1k', '1k–4k', '4k–16k', '16k–64k', '≥64k'] as const;

interface Scope {
  /** Canonical model name. */
  model: string;
  bucket?: number;
}

/** Answers in a scope, and how many of them have a value in each nullable column. */
interface Counts {
  answers: number;
  tps: number;
  ttft: number;
  promptTps: number;
}

function countsSelect(db: Kysely<Database>) {
  return db
    .selectFrom('answer_metrics_counts')
    .select((eb) => [
      'model',
      eb.fn.sum<number>('answers').as('answers'),
      eb.fn.sum<number>('tps_values').as('tps'),
      eb.fn.sum<number>('ttft_values').as('ttft'),
      eb.fn.sum<number>('prompt_tps_values').as('promptTps'),
    ]);
}

const toCounts = (r: { answers: number; tps: number; ttft: number; promptTps: number } | undefined): Counts => ({
  answers: Number(r?.answers ?? 0),
  tps: Number(r?.tps ?? 0),
  ttft: Number(r?.ttft ?? 0),
  promptTps: Number(r?.promptTps ?? 0),
});

const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

/**
 * A scalar subquery for percentile `p` (0…1) of the `n` non-null values of `column` in scope,
 * linearly interpolated between the two nearest ranks (p = 0.5 of an even count is the mean of
 * the middle two). Subqueries, so that one statement reads all figures of a model.
 */
function percentile(scope: Scope, column: SummarisedColumn, n: number, p: number): RawBuilder<number | null> {
  if (n === 0) return sql<null>`NULL`;
  const position = p * (n - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, n - 1);
  // Walk the index from the nearer end: p90 steps over a tenth of the entries, not nine tenths.
  const fromTop = lo > (n - 1) / 2;
  const col = sql.ref(column);
  const inBucket = scope.bucket === undefined ? sql`` : sql`AND context_bucket = ${scope.bucket}`;
  return sql<number>`(SELECT min(v) + (max(v) - min(v)) * ${position - lo} FROM (
    SELECT ${col} AS v FROM answer_metrics WHERE model = ${scope.model} ${inBucket} AND ${col} IS NOT NULL
    ORDER BY ${col} ${sql.raw(fromTop ? 'DESC' : 'ASC')} LIMIT ${hi - lo + 1} OFFSET ${fromTop ? n - 1 - hi : lo}))`;
}

async function summarise(db: Kysely<Database>, model: string, counts: Counts): Promise<MetricsSummary> {
  const scope = { model };
  const row = await db
    .selectNoFrom([
      sql<string | null>`(SELECT max(created_at) FROM answer_metrics WHERE model = ${model})`.as('lastUsed'),
      percentile(scope, 'tokens_per_second', counts.tps, 0.5).as('tpsMedian'),
      percentile(scope, 'tokens_per_second', counts.tps, 0.1).as('tpsP10'),
      percentile(scope, 'tokens_per_second', counts.tps, 0.9).as('tpsP90'),
      percentile(scope, 'ttft_ms', counts.ttft, 0.5).as('ttftMedian'),
      percentile(scope, 'ttft_ms', counts.ttft, 0.1).as('ttftP10'),
      percentile(scope, 'ttft_ms', counts.ttft, 0.9).as('ttftP90'),
      percentile(scope, 'prompt_tokens_per_second', counts.promptTps, 0.5).as('promptTpsMedian'),
      percentile(scope, 'load_duration_ms', counts.answers, 0.5).as('loadMedian'),
    ])
    .executeTakeFirst();
  return {
    model,
    answers: counts.answers,
    tokensPerSecond: {
      median: round(row?.tpsMedian ?? null),
      p10: round(row?.tpsP10 ?? null),
      p90: round(row?.tpsP90 ?? null),
    },
    ttftMs: {
      median: round(row?.ttftMedian ?? null),
      p10: round(row?.ttftP10 ?? null),
      p90: round(row?.ttftP90 ?? null),
    },
    promptTokensPerSecond: { median: round(row?.promptTpsMedian ?? null) },
    loadDurationMs: { median: round(row?.loadMedian ?? null) },
    lastUsed: counts.answers > 0 ? (row?.lastUsed ?? null) : null,
  };
}

/** `model` must be canonical. */
export async function selectModelMetrics(db: Kysely<Database>, model: string, limit: number): Promise<ModelMetrics> {
  const total = toCounts(await countsSelect(db).where('model', '=', model).groupBy('model').executeTakeFirst());
  const summary = await summarise(db, model, total);

  const recent = await db
    .selectFrom('answer_metrics')
    .where('model', '=', model)
    .select([
      'created_at',
      'ttft_ms',
      'tokens_per_second',
      'prompt_tokens_per_second',
      'load_duration_ms',
      'prompt_eval_count',
      'eval_count',
    ])
    .orderBy('created_at', 'desc')
    .limit(Math.max(0, Math.floor(limit)))
    .execute();
  const points: MetricsPoint[] = recent.reverse().map((r) => ({
    at: r.created_at,
    ttftMs: r.ttft_ms,
    tokensPerSecond: r.tokens_per_second,
    promptTokensPerSecond: r.prompt_tokens_per_second,
    loadDurationMs: r.load_duration_ms,
    promptEvalCount: r.prompt_eval_count,
    evalCount: r.eval_count,
  }));

  const byBucket = await countsSelect(db)
    .select('context_bucket')
    .where('model', '=', model)
    .groupBy(['model', 'context_bucket'])
    .execute();
  const bucketCounts = CONTEXT_BUCKET_LABELS.map((_, bucket) =>
    toCounts(byBucket.find((r) => r.context_bucket === bucket)),
  );
  const medians: Record<string, number | null> =
    (await db
      .selectNoFrom(
        bucketCounts.map((c, bucket) =>
          percentile({ model, bucket }, 'tokens_per_second', c.tps, 0.5).as(`b${bucket}`),
        ),
      )
      .executeTakeFirst()) ?? {};
  const byContextSize: ModelMetrics['byContextSize'] = CONTEXT_BUCKET_LABELS.map((label, bucket) => ({
    bucket: label,
    answers: bucketCounts[bucket]?.answers ?? 0,
    tokensPerSecondMedian: round(medians[`b${bucket}`] ?? null),
  }));
  return { summary, points, byContextSize };
}

/** One summary per model that has answers, fastest (median tokens/s) first; models without a rate last. */
export async function selectMetricsComparison(db: Kysely<Database>): Promise<MetricsComparison> {
  const perModel = await countsSelect(db)
    .groupBy('model')
    .having((eb) => eb.fn.sum('answers'), '>', 0)
    .execute();
  const models: MetricsSummary[] = [];
  for (const row of perModel) models.push(await summarise(db, row.model, toCounts(row)));
  models.sort((a, b) => {
    const fa = a.tokensPerSecond.median;
    const fb = b.tokensPerSecond.median;
    if (fa !== fb) return fb === null ? -1 : fa === null ? 1 : fb - fa;
    return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
  });
  return { models };
}
