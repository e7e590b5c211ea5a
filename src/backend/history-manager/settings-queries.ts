/** Settings as one JSON value per key; keys the current schema does not know are ignored. */
import type { Kysely } from 'kysely';
import type { Settings } from '../../shared/api';
import { SettingsSchema } from '../schemas';
import type { Logger } from '../../utils/logger';
import type { Database } from './schema';

export async function readSettings(db: Kysely<Database>, logger?: Logger): Promise<Settings> {
  const rows = await db.selectFrom('settings').selectAll().execute();
  const shape = SettingsSchema.shape;
  const settings: Record<string, unknown> = {};
  for (const row of rows) {
    if (!Object.hasOwn(shape, row.key)) continue;
    const parsed = shape[row.key as keyof typeof shape].safeParse(JSON.parse(row.value_json));
    if (parsed.success) settings[row.key] = parsed.data;
    else logger?.warn({ key: row.key }, 'ignoring an invalid stored setting');
  }
  return settings as Settings;
}

/** Upserts the keys present in `patch`; an undefined value leaves the key unchanged. */
export async function writeSettings(db: Kysely<Database>, patch: Settings): Promise<void> {
  const rows = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value_json: JSON.stringify(value) }));
  if (rows.length === 0) return;
  await db
    .insertInto('settings')
    .values(rows)
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value_json: eb.ref('excluded.value_json') })))
    .execute();
}
