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

  /**
   * The settings as last read, kept because every send reads them on its way to Ollama (keep_alive)
   * and each read parsed every row (issue 12). Every write goes through update(), which drops it; a
   * read that started before a write does not keep what it read.
   */
  #cached: Settings | null = null;
  #writes = 0;

  async get(): Promise<Settings> {
    if (this.#cached) return { ...this.#cached };
    const writesBefore = this.#writes;
    const settings = await this.read();
    if (this.#writes === writesBefore) this.#cached = settings;
    return { ...settings };
  }

  private async read(): Promise<Settings> {
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
      this.#writes += 1;
      this.#cached = null;
      await this.db
        .insertInto('settings')
        .values(rows)
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value_json: eb.ref('excluded.value_json') })))
        .execute();
    }
    return this.get();
  }
}
