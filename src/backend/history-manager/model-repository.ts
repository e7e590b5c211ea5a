/** What the app records about models: versions seen, per-answer metrics, per-model preferences. Names compare canonically. */
import type { Kysely } from 'kysely';
import { canonicalModelName } from '../../shared/model-name';
import type { MetricsComparison, ModelMetrics, ModelPreferences, ModelVersions } from '../../shared/models-api';
import { isoNow } from './chat-repository';
import { selectMetricsComparison, selectModelMetrics } from './metrics-queries';
import {
  type ModelPreferencesPatch,
  selectAllModelPreferences,
  selectModelPreferences,
  selectModelVersions,
  writeModelPreferences,
} from './model-queries';
import type { Database } from './schema';

/**
 * How long a model's newest version's `last_seen` may live only in memory. Every complete answer
 * sees its model's digest; writing it each time would be one more statement per answer (issue 12:
 * ≤ 3 writes at the end of an answer). Reads see the newer time at once; a crash loses at most this.
 */
const SEEN_WRITE_INTERVAL_MS = 10 * 60_000;

interface SeenMemo {
  digest: string;
  /** Date.now() when its row was last written. */
  writtenAt: number;
  /** A newer last_seen than the row holds, not written yet. */
  pendingLastSeen: string | null;
}

export class ModelRepository {
  /** By canonical name: the digest this process last recorded for it. */
  readonly #seen = new Map<string, SeenMemo>();

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stored under the canonical name, so `llama3.2` and `llama3.2:latest` share one history. The same
   * digest seen again soon after only moves its last_seen in memory (see SEEN_WRITE_INTERVAL_MS);
   * another digest, or an older memo, is written at once, so the versions' order is always stored.
   */
  async recordSeen(name: string, digest: string): Promise<void> {
    const canonical = canonicalModelName(name);
    const now = isoNow();
    const memo = this.#seen.get(canonical);
    if (memo && memo.digest === digest && Date.now() - memo.writtenAt < SEEN_WRITE_INTERVAL_MS) {
      memo.pendingLastSeen = now;
      return;
    }
    await this.writeSeen(canonical, digest, now, now);
    this.#seen.set(canonical, { digest, writtenAt: Date.now(), pendingLastSeen: null });
  }

  /** Writes the last_seen times kept in memory (on close). */
  async flushSeen(): Promise<void> {
    for (const [name, memo] of this.#seen) {
      if (memo.pendingLastSeen === null) continue;
      const lastSeen = memo.pendingLastSeen;
      memo.pendingLastSeen = null;
      await this.writeSeen(name, memo.digest, lastSeen, lastSeen);
    }
  }

  private async writeSeen(name: string, digest: string, firstSeen: string, lastSeen: string): Promise<void> {
    await this.db
      .insertInto('models_seen')
      .values({ name, digest, first_seen: firstSeen, last_seen: lastSeen })
      .onConflict((oc) => oc.columns(['name', 'digest']).doUpdateSet({ last_seen: lastSeen }))
      .execute();
  }

  /** Summary, the last `limit` answers (oldest first) and tokens/s by context size. */
  metrics(name: string, opts: { limit: number }): Promise<ModelMetrics> {
    return selectModelMetrics(this.db, canonicalModelName(name), opts.limit);
  }

  /** One summary per model with answers, fastest median tokens/s first. */
  metricsComparison(): Promise<MetricsComparison> {
    return selectMetricsComparison(this.db);
  }

  /** Digests recorded for the model, newest first; `current` marks `currentDigest` (null: none is). */
  async versions(name: string, currentDigest: string | null): Promise<ModelVersions> {
    const canonical = canonicalModelName(name);
    const stored = await selectModelVersions(this.db, canonical, currentDigest);
    const memo = this.#seen.get(canonical);
    const pending = memo?.pendingLastSeen;
    if (!memo || !pending) return stored;
    // The memo's digest is the newest one seen, so its row stays first with the newer time.
    return {
      ...stored,
      versions: stored.versions.map((v) => (v.digest === memo.digest ? { ...v, lastSeen: pending } : v)),
    };
  }

  /** Defaults (`null` = follow the global setting) for a model without stored preferences. `name` comes back canonical. */
  preferences(name: string): Promise<ModelPreferences> {
    return selectModelPreferences(this.db, canonicalModelName(name));
  }

  /** Keys absent from `patch` are unchanged; null resets one to the global default. */
  updatePreferences(name: string, patch: ModelPreferencesPatch): Promise<ModelPreferences> {
    return this.db.transaction().execute((trx) => writeModelPreferences(trx, canonicalModelName(name), patch));
  }

  /** Models with at least one non-default preference, by canonical name. */
  listPreferences(): Promise<ModelPreferences[]> {
    return selectAllModelPreferences(this.db);
  }
}
