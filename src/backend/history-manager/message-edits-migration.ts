/**
 * Migration 008 (issue 11): an assistant answer the user edited is stored as a sibling of the model's
 * answer with `edited = 1`, so the GUI can mark it and the branch switcher reaches both versions.
 */
import type { Kysely, Migration } from 'kysely';

export const messageEdits: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('messages')
      .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
