/**
 * Migration 013: the message index keeps its words' first two and three letters as well (FTS5 `prefix='2 3'`).
 * Search as you type ends every query with a prefix (`pla*`), and without a prefix index FTS5 answers one by
 * merging the doclists of every word it starts, in full, on the server's only thread: 45–60 ms over 100,000
 * messages and ~650 ms over a million for one to three letters (the bench's search section), where a whole
 * word takes 2–10 ms. With it those prefixes are read like a word: 3–7 ms over 100,000 messages. Four letters
 * and more start few enough words to be quick without (~35 ms over a million). The index's data grows about
 * twofold (12 → 25 MB over the bench's 100,000 messages). FTS5 can't add the option to an index: it is made
 * again, from the finished messages only, as migration 005 made it (its triggers keep it up to date as before).
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const searchPrefixes: Migration = {
  async up(db: Kysely<unknown>) {
    // One transaction (kysely runs SQLite migrations without one): a crash between the DROP and the rebuild must
    // not leave the triggers of migration 005 pointing at no table, and the migration unrecorded to fail again.
    await db.transaction().execute(async (trx) => {
      await sql`DROP TABLE IF EXISTS messages_fts`.execute(trx);
      await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(
        content,
        content = 'messages',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      )`.execute(trx);
      await sql`INSERT INTO messages_fts(rowid, content)
        SELECT seq, content FROM messages WHERE status NOT IN ('queued', 'streaming')`.execute(trx);
    });
  },
};
