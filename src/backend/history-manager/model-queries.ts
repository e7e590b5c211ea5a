/** What the app remembers per model name: versions seen, preferences, and the chats that use it. */
import type { Kysely } from 'kysely';
import type { ModelPreferences, ModelVersions, UpdateModelPreferencesBody } from '../../shared/models-api';
import type { Database, ModelPrefsTable } from './schema';
import { CANONICAL_MODEL_COLUMN } from './sqlite-specifics';

export type ModelPreferencesPatch = UpdateModelPreferencesBody;

/** `model` must be canonical. Newest version first. */
export async function selectModelVersions(
  db: Kysely<Database>,
  model: string,
  currentDigest: string | null,
): Promise<ModelVersions> {
  const rows = await db
    .selectFrom('models_seen')
    .select(['digest', 'first_seen', 'last_seen'])
    .where('name', '=', model)
    .orderBy('last_seen', 'desc')
    .orderBy('first_seen', 'desc')
    .execute();
  return {
    name: model,
    versions: rows.map((r) => ({
      digest: r.digest,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      current: currentDigest !== null && r.digest === currentDigest,
    })),
  };
}

function toPreferences(name: string, row: Pick<ModelPrefsTable, 'auto_update' | 'keep_alive_json'> | undefined) {
  const prefs: ModelPreferences = { name, autoUpdate: null, keepAlive: null };
  if (!row) return prefs;
  if (row.auto_update !== null) prefs.autoUpdate = row.auto_update === 1;
  if (row.keep_alive_json !== null) prefs.keepAlive = JSON.parse(row.keep_alive_json) as number | string;
  return prefs;
}

/** `model` must be canonical. */
export async function selectModelPreferences(db: Kysely<Database>, model: string): Promise<ModelPreferences> {
  const row = await db
    .selectFrom('model_prefs')
    .select(['auto_update', 'keep_alive_json'])
    .where('name', '=', model)
    .executeTakeFirst();
  return toPreferences(model, row);
}

/**
 * Applies the keys present in `patch` (undefined = unchanged, null = back to the global default).
 * A model whose preferences are all defaults has no row, so the list holds only real choices.
 * Run it in a transaction: it reads, then writes.
 */
export async function writeModelPreferences(
  db: Kysely<Database>,
  model: string,
  patch: ModelPreferencesPatch,
): Promise<ModelPreferences> {
  const current = await selectModelPreferences(db, model);
  const next: ModelPreferences = {
    name: model,
    autoUpdate: patch.autoUpdate === undefined ? current.autoUpdate : patch.autoUpdate,
    keepAlive: patch.keepAlive === undefined ? current.keepAlive : patch.keepAlive,
  };
  if (next.autoUpdate === null && next.keepAlive === null) {
    if (current.autoUpdate !== null || current.keepAlive !== null) {
      await db.deleteFrom('model_prefs').where('name', '=', model).execute();
    }
    return next;
  }
  const row = {
    auto_update: next.autoUpdate === null ? null : next.autoUpdate ? 1 : 0,
    keep_alive_json: next.keepAlive === null ? null : JSON.stringify(next.keepAlive),
  };
  await db
    .insertInto('model_prefs')
    .values({ name: model, ...row })
    .onConflict((oc) => oc.column('name').doUpdateSet(row))
    .execute();
  return next;
}

export async function selectAllModelPreferences(db: Kysely<Database>): Promise<ModelPreferences[]> {
  const rows = await db.selectFrom('model_prefs').selectAll().orderBy('name').execute();
  return rows.map((r) => toPreferences(r.name, r));
}

/** `model` must be canonical. Chats whose model is that model under any spelling, newest activity first. */
export async function selectChatsUsingModel(
  db: Kysely<Database>,
  model: string,
): Promise<Array<{ id: string; title: string }>> {
  return db
    .selectFrom('chats')
    .select(['id', 'title'])
    .where('model', 'is not', null)
    .where(CANONICAL_MODEL_COLUMN, '=', model)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
