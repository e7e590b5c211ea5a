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

export class ModelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stored under the canonical name, so `llama3.2` and `llama3.2:latest` share one history. */
  async recordSeen(name: string, digest: string): Promise<void> {
    const now = isoNow();
    await this.db
      .insertInto('models_seen')
      .values({ name: canonicalModelName(name), digest, first_seen: now, last_seen: now })
      .onConflict((oc) => oc.columns(['name', 'digest']).doUpdateSet({ last_seen: now }))
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
  versions(name: string, currentDigest: string | null): Promise<ModelVersions> {
    return selectModelVersions(this.db, canonicalModelName(name), currentDigest);
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
