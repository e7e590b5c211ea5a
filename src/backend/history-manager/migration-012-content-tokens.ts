/**
 * Migration 012: each message's text estimate (`estimateTextTokens`, shared/token-estimate.ts) is stored beside it,
 * in `content_tokens`. What a long chat's first page says of the messages above it and the plan of a model's
 * context read every message of the branch: with the estimate stored they read neither the texts nor estimate
 * them (issue 12). NULL means not known (an answer's text while it still streams): readers estimate the text
 * then (`estimate_text_tokens`, registered in database.ts). A change of the estimate needs a migration that
 * computes the column again, as this one does for the rows stored before it.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const contentTokens: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('messages').addColumn('content_tokens', 'integer').execute();
    // Only the column changes: the full-text index's trigger fires on updates of `content` alone.
    await sql`UPDATE messages SET content_tokens = estimate_text_tokens(content)
               WHERE status NOT IN ('queued', 'streaming')`.execute(db);
  },
};
