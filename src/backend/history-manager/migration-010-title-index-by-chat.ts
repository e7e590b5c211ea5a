/**
 * Migration 010: the title index (chats_fts, migration 005) can find a chat's row by its id. Its
 * chat_id column was UNINDEXED, so the triggers that keep it in step (`WHERE chat_id = old.id`)
 * read every row of it: naming a chat (its first message, a generated title, a rename) and
 * deleting one cost time in proportion to all chats (22 ms with 100,000 chats, against 0.1 ms).
 * Now chat_id is indexed too and the triggers MATCH it (an id is one token); title searches
 * restrict themselves to the title column (search-repository.ts).
 */
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The MATCH expression that finds `id`'s row; the `chat_id =` beside it keeps the match exact. `id` is
 * a column (`old.id`), never user text. The phrase needs a letter or digit to match anything: chat ids
 * are ULIDs (imports too), so every one has them.
 */
const ROW_OF = (id: string) =>
  sql.raw(`chats_fts MATCH '{chat_id} : "' || replace(${id}, '"', '""') || '"' AND chat_id = ${id}`);

export const titleIndexByChat: Migration = {
  async up(db: Kysely<unknown>) {
    for (const trigger of ['chats_fts_after_insert', 'chats_fts_after_delete', 'chats_fts_after_update']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS chats_fts`.execute(db);
    await sql`CREATE VIRTUAL TABLE chats_fts USING fts5(
      chat_id,
      title,
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`CREATE TRIGGER chats_fts_after_insert AFTER INSERT ON chats BEGIN
        INSERT INTO chats_fts(chat_id, title) VALUES (new.id, new.title);
      END`.execute(db);
    await sql`CREATE TRIGGER chats_fts_after_delete AFTER DELETE ON chats BEGIN
        DELETE FROM chats_fts WHERE ${ROW_OF('old.id')};
      END`.execute(db);
    await sql`CREATE TRIGGER chats_fts_after_update AFTER UPDATE OF title ON chats
      WHEN new.title IS NOT old.title BEGIN
        UPDATE chats_fts SET title = new.title WHERE ${ROW_OF('old.id')};
      END`.execute(db);
    await sql`INSERT INTO chats_fts(chat_id, title) SELECT id, title FROM chats`.execute(db);
  },
};
