/**
 * File attachments (issue 9 §1): text and PDF files beside images. Each attachment records the
 * tokens it adds to the context (the GUI's meter and file cards read it) and a PDF its page count.
 * Rows stored before keep null: the GUI treats a missing estimate as 0. The extracted text of a
 * PDF goes to the existing `text` column.
 */
import type { Kysely, Migration } from 'kysely';

export const fileAttachments: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('attachments').addColumn('tokens', 'integer').execute();
    await db.schema.alterTable('attachments').addColumn('pages', 'integer').execute();
  },
};
