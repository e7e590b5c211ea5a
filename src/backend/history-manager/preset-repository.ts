/** Presets: named system prompt + model + parameters, unique by name (any case). */
import type { Kysely, Updateable } from 'kysely';
import type { ChatOptions } from '../../shared/api';
import {
  type CreatePresetBody,
  MAX_PRESETS,
  PRESET_NAME_MAX_CHARS,
  type Preset,
  type UpdatePresetBody,
} from '../../shared/presets-api';
import { ConflictError, NotFoundError } from '../errors';
import { isoNow } from './chat-repository';
import type { Database, PresetsTable } from './schema';

function toPreset(row: PresetsTable): Preset {
  return {
    id: row.id,
    name: row.name,
    systemPrompt: row.system_prompt,
    model: row.model,
    options: JSON.parse(row.options_json) as ChatOptions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(`A preset named “${name}” already exists.`, { text: 'Choose another name.' });
}

export class PresetRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly newId: () => string,
  ) {}

  async list(): Promise<Preset[]> {
    const rows = await this.db.selectFrom('presets').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(toPreset);
  }

  async get(id: string): Promise<Preset> {
    const row = await this.db.selectFrom('presets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Preset', id);
    return toPreset(row);
  }

  async create(input: CreatePresetBody): Promise<Preset> {
    const count = await this.db
      .selectFrom('presets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PRESETS) {
      throw new ConflictError(`There are already ${MAX_PRESETS} presets, the most this app keeps.`, {
        text: 'Delete a preset you no longer use, then try again.',
      });
    }
    const now = isoNow();
    const row: PresetsTable = {
      id: this.newId(),
      name: input.name.trim(),
      system_prompt: input.systemPrompt ?? '',
      model: input.model ?? null,
      options_json: JSON.stringify(input.options ?? {}),
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto('presets').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(row.name);
      throw err;
    }
    return toPreset(row);
  }

  async update(id: string, patch: UpdatePresetBody): Promise<Preset> {
    const changes: Updateable<PresetsTable> = {};
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.systemPrompt !== undefined) changes.system_prompt = patch.systemPrompt;
    if (patch.model !== undefined) changes.model = patch.model;
    if (patch.options !== undefined) changes.options_json = JSON.stringify(patch.options);
    if (Object.keys(changes).length === 0) return this.get(id);
    changes.updated_at = isoNow();
    try {
      const row = await this.db
        .updateTable('presets')
        .set(changes)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('Preset', id);
      return toPreset(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(changes.name ?? '');
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    const result = await this.db.deleteFrom('presets').where('id', '=', id).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw new NotFoundError('Preset', id);
  }

  /** A copy named “<name> (copy)”, “<name> (copy 2)”, … whichever is free first. */
  async duplicate(id: string): Promise<Preset> {
    const source = await this.get(id);
    const taken = new Set((await this.list()).map((p) => p.name.toLowerCase()));
    const base = source.name.slice(0, PRESET_NAME_MAX_CHARS - 10);
    let name = `${base} (copy)`;
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base} (copy ${n})`;
    return this.create({ name, systemPrompt: source.systemPrompt, model: source.model, options: source.options });
  }
}
