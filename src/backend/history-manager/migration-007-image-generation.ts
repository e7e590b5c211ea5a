/**
 * 007_image_generation: the record of each image answer (backend, model, parameters, seed, timing),
 * one row per assistant message that made images. The images themselves are ordinary attachments
 * of that message, so blobs, export and deletion need nothing new.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const imageGeneration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('image_generations')
      .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('backend', 'text', (c) => c.notNull())
      .addColumn('record_json', 'text', (c) => c.notNull())
      .addColumn('images', 'integer', (c) => c.notNull())
      .addColumn('seconds_per_image', 'real')
      .addColumn('steps_per_second', 'real')
      .addColumn('finished_at', 'text', (c) => c.notNull())
      .execute();
    // Serves the per-model image metrics (GET /api/models/:name/image-metrics).
    await sql`CREATE INDEX image_generations_by_model ON image_generations(model, finished_at)`.execute(db);
  },
};
