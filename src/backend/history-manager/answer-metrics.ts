/** Keeps `answer_metrics` in step with the messages it summarises, inside the caller's transaction. */
import type { Kysely } from 'kysely';
import type { GenerationMetrics, MessageStatus } from '../../shared/api';
import { canonicalModelName } from '../../shared/model-name';
import type { Database } from './schema';

export interface FinishedAnswer {
  messageId: string;
  /** The message's model column (null for a message that never had one). */
  model: string | null;
  modelDigest: string | null;
  status: MessageStatus;
  metrics: GenerationMetrics | null;
  finishedAt: string;
}

/**
 * One statement: an upsert for a complete answer with counters (a continued answer replaces its
 * row), otherwise a delete, so an answer that was continued and then failed drops its old figures
 * just as its metrics_json does.
 */
export async function writeAnswerMetrics(db: Kysely<Database>, a: FinishedAnswer): Promise<void> {
  if (a.status !== 'complete' || a.metrics === null || a.model === null) {
    await db.deleteFrom('answer_metrics').where('message_id', '=', a.messageId).execute();
    return;
  }
  const m = a.metrics;
  const row = {
    model: canonicalModelName(a.model),
    model_digest: a.modelDigest,
    created_at: a.finishedAt,
    ttft_ms: m.ttftMs,
    tokens_per_second: m.tokensPerSecond,
    prompt_tokens_per_second: m.promptTokensPerSecond,
    load_duration_ms: m.loadDurationMs,
    prompt_eval_count: m.promptEvalCount,
    eval_count: m.evalCount,
  };
  await db
    .insertInto('answer_metrics')
    .values({ message_id: a.messageId, ...row })
    .onConflict((oc) => oc.column('message_id').doUpdateSet(row))
    .execute();
}
