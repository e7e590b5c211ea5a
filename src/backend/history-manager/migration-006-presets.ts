/**
 * Migration 006: presets (named system prompt + model + parameters), the parameters each answer was
 * generated with, and whether a chat's title was typed by its user (generated titles never replace it).
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const presets: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('presets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('system_prompt', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('model', 'text')
      .addColumn('options_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await sql`CREATE UNIQUE INDEX presets_by_name ON presets(name COLLATE NOCASE)`.execute(db);

    // What was sent to Ollama for this answer: model, options, think, format, keep_alive, num_ctx.
    await db.schema.alterTable('messages').addColumn('params_json', 'text').execute();

    // 'auto': the app's own (first words of the first message), a generated title may replace it;
    // 'generated': replaced once already; 'user': typed or imported, never replaced. Existing chats
    // keep the titles they have.
    await db.schema
      .alterTable('chats')
      .addColumn('title_source', 'text', (c) => c.notNull().defaultTo('user'))
      .execute();
  },
};
