/** App settings, one JSON value per key; keys the current schema does not know are ignored. */
import type { Kysely } from 'kysely';
import type { Settings } from '../../shared/api';
import type { Logger } from '../../utils/logger';
import { SettingsSchema } from '../schemas';
import type { Database } from './schema';

export class SettingsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
  ) {}

  async get(): Promise<Settings> {
    const rows = await this.db.selectFrom('settings').selectAll().execute();
    const shape = SettingsSchema.shape;
    const settings: Record<string, unknown> = {};
    for (const row of rows) {
      if (!Object.hasOwn(shape, row.key)) continue;
      const parsed = shape[row.key as keyof typeof shape].safeParse(JSON.parse(row.value_json));
      if (parsed.success) settings[row.key] = parsed.data;
      else this.logger.warn({ key: row.key }, 'ignoring an invalid stored setting');
    }
    return settings as Settings;
  }

  /** Sets the keys present in `patch` (undefined = unchanged) and returns all settings. */
  async update(patch: Settings): Promise<Settings> {
    const rows = Object.entries(patch)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ({ key, value_json: JSON.stringify(value) }));
    if (rows.length > 0) {
      await this.db
        .insertInto('settings')
        .values(rows)
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value_json: eb.ref('excluded.value_json') })))
        .execute();
    }
    return this.get();
  }
}
