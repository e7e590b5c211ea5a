/**
 * Numbered schema migrations, applied by kysely's Migrator in name order. A released migration is
 * never edited: change the schema by adding the next number.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { messageEdits } from './message-edits-migration';
import { presets } from './migration-006-presets';
import { imageGeneration } from './migration-007-image-generation';
import { fileAttachments } from './migration-009-file-attachments';
import { titleIndexByChat } from './migration-010-title-index-by-chat';
import { chatsByCreation } from './migration-011-chats-by-creation';
import { contentTokens } from './migration-012-content-tokens';
import { searchPrefixes } from './migration-013-search-prefixes';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('chats')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('model', 'text')
      .addColumn('system_prompt', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('options_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // Not a foreign key: chats ↔ messages would be a reference cycle; setCurrentLeaf checks it.
      .addColumn('current_leaf_id', 'text')
      .execute();
    await db.schema.createIndex('chats_by_activity').on('chats').columns(['updated_at', 'id']).execute();

    await db.schema
      .createTable('messages')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.id').onDelete('cascade'))
      .addColumn('parent_id', 'text', (c) => c.references('messages.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('thinking', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error_json', 'text')
      .addColumn('model', 'text')
      .addColumn('model_digest', 'text')
      .addColumn('options_json', 'text')
      .addColumn('metrics_json', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Serves "roots of a chat", "siblings within a chat" and the chat-delete cascade.
    await db.schema
      .createIndex('messages_by_chat_parent')
      .on('messages')
      .columns(['chat_id', 'parent_id', 'created_at'])
      .execute();
    // Serves "children of a message" (branch descent) and the parent-delete cascade.
    await db.schema.createIndex('messages_by_parent').on('messages').columns(['parent_id', 'created_at']).execute();
    // Tiny partial index so start-up recovery does not scan every message.
    await sql`CREATE INDEX messages_unfinished ON messages(status) WHERE status IN ('queued', 'streaming')`.execute(db);

    await db.schema
      .createTable('attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('blob_path', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attachments_by_message').on('attachments').column('message_id').execute();
    await db.schema.createIndex('attachments_by_sha256').on('attachments').column('sha256').execute();

    await db.schema
      .createTable('models_seen')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('models_seen_pk', ['name', 'digest'])
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value_json', 'text', (c) => c.notNull())
      .execute();
  },
};

const messagesFts: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(
      content,
      content = 'messages',
      content_rowid = 'seq',
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content);
    END`.execute(db);
    await sql`CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
    END`.execute(db);
    // Only content changes touch the index: status-only updates (e.g. recovery) stay cheap.
    await sql`CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
      INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content);
    END`.execute(db);
    // Index messages written before this migration existed.
    await sql`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`.execute(db);
  },
};

/**
 * Per-answer metrics in their own narrow table, one index per summarised column, so medians and
 * percentiles are an index walk (ORDER BY … LIMIT 2 OFFSET k) instead of parsing metrics_json,
 * and their counts in a tiny table that triggers keep exact.
 * Relies on the `canonical_model_name()` SQL function that openDatabase registers.
 */
const modelInsights: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('answer_metrics')
      .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('model_digest', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('ttft_ms', 'real')
      .addColumn('tokens_per_second', 'real')
      .addColumn('prompt_tokens_per_second', 'real')
      .addColumn('load_duration_ms', 'real', (c) => c.notNull())
      .addColumn('prompt_eval_count', 'integer', (c) => c.notNull())
      .addColumn('eval_count', 'integer', (c) => c.notNull())
      // Context size buckets <1k, 1k–4k, 4k–16k, 16k–64k, ≥64k tokens (k = 1024, like num_ctx values).
      .addColumn('context_bucket', 'integer', (c) =>
        c.generatedAlwaysAs(sql`CASE
          WHEN prompt_eval_count + eval_count < 1024 THEN 0
          WHEN prompt_eval_count + eval_count < 4096 THEN 1
          WHEN prompt_eval_count + eval_count < 16384 THEN 2
          WHEN prompt_eval_count + eval_count < 65536 THEN 3
          ELSE 4 END`),
      )
      .execute();
    const index = (name: string, columns: string[]) =>
      db.schema.createIndex(name).on('answer_metrics').columns(columns).execute();
    await index('answer_metrics_by_model_time', ['model', 'created_at']);
    await index('answer_metrics_by_model_tps', ['model', 'tokens_per_second']);
    await index('answer_metrics_by_model_ttft', ['model', 'ttft_ms']);
    await index('answer_metrics_by_model_prompt_tps', ['model', 'prompt_tokens_per_second']);
    await index('answer_metrics_by_model_load', ['model', 'load_duration_ms']);
    await index('answer_metrics_by_model_bucket_tps', ['model', 'context_bucket', 'tokens_per_second']);

    await sql`INSERT INTO answer_metrics (message_id, model, model_digest, created_at, ttft_ms, tokens_per_second,
        prompt_tokens_per_second, load_duration_ms, prompt_eval_count, eval_count)
      SELECT id, canonical_model_name(model), model_digest, updated_at,
        json_extract(metrics_json, '$.ttftMs'),
        json_extract(metrics_json, '$.tokensPerSecond'),
        json_extract(metrics_json, '$.promptTokensPerSecond'),
        coalesce(json_extract(metrics_json, '$.loadDurationMs'), 0),
        coalesce(json_extract(metrics_json, '$.promptEvalCount'), 0),
        coalesce(json_extract(metrics_json, '$.evalCount'), 0)
      FROM messages
      WHERE role = 'assistant' AND status = 'complete' AND model IS NOT NULL
        AND metrics_json IS NOT NULL AND json_valid(metrics_json)`.execute(db);

    // Counts per model and context bucket, kept exact by triggers: a median needs n, and counting
    // 100,000 index entries per request would cost as much as finding the median itself.
    await sql`CREATE TABLE answer_metrics_counts (
      model TEXT NOT NULL,
      context_bucket INTEGER NOT NULL,
      answers INTEGER NOT NULL,
      tps_values INTEGER NOT NULL,
      ttft_values INTEGER NOT NULL,
      prompt_tps_values INTEGER NOT NULL,
      PRIMARY KEY (model, context_bucket)
    ) WITHOUT ROWID`.execute(db);
    await sql`INSERT INTO answer_metrics_counts
      SELECT model, context_bucket, count(*), count(tokens_per_second), count(ttft_ms), count(prompt_tokens_per_second)
      FROM answer_metrics GROUP BY model, context_bucket`.execute(db);
    const countIn = sql.raw(`INSERT INTO answer_metrics_counts VALUES (new.model, new.context_bucket, 1,
        new.tokens_per_second IS NOT NULL, new.ttft_ms IS NOT NULL, new.prompt_tokens_per_second IS NOT NULL)
      ON CONFLICT (model, context_bucket) DO UPDATE SET answers = answers + 1,
        tps_values = tps_values + excluded.tps_values,
        ttft_values = ttft_values + excluded.ttft_values,
        prompt_tps_values = prompt_tps_values + excluded.prompt_tps_values;`);
    const countOut = sql.raw(`UPDATE answer_metrics_counts SET answers = answers - 1,
        tps_values = tps_values - (old.tokens_per_second IS NOT NULL),
        ttft_values = ttft_values - (old.ttft_ms IS NOT NULL),
        prompt_tps_values = prompt_tps_values - (old.prompt_tokens_per_second IS NOT NULL)
      WHERE model = old.model AND context_bucket = old.context_bucket;`);
    await sql`CREATE TRIGGER answer_metrics_counts_after_insert AFTER INSERT ON answer_metrics BEGIN ${countIn} END`.execute(
      db,
    );
    await sql`CREATE TRIGGER answer_metrics_counts_after_delete AFTER DELETE ON answer_metrics BEGIN ${countOut} END`.execute(
      db,
    );
    await sql`CREATE TRIGGER answer_metrics_counts_after_update AFTER UPDATE ON answer_metrics BEGIN
      ${countOut} ${countIn} END`.execute(db);

    // Versions were recorded under the name as typed (`llama3.2`, `llama3.2:latest`): merge them.
    await sql`INSERT INTO models_seen (name, digest, first_seen, last_seen)
      SELECT canonical_model_name(name), digest, min(first_seen), max(last_seen) FROM models_seen
      WHERE name <> canonical_model_name(name)
      GROUP BY canonical_model_name(name), digest
      ON CONFLICT (name, digest) DO UPDATE SET
        first_seen = min(first_seen, excluded.first_seen),
        last_seen = max(last_seen, excluded.last_seen)`.execute(db);
    await sql`DELETE FROM models_seen WHERE name <> canonical_model_name(name)`.execute(db);

    await db.schema
      .createTable('model_prefs')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('auto_update', 'integer')
      .addColumn('keep_alive_json', 'text')
      .execute();
  },
};

/**
 * Where an imported chat came from (issue #9): the source app and its id for the conversation, so
 * importing the same file again skips it (or replaces it when the source changed it since), and
 * the source's own updatedAt to decide which. Null on chats made in this app.
 */
const importSources: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('chats').addColumn('source_app', 'text').execute();
    await db.schema.alterTable('chats').addColumn('source_id', 'text').execute();
    await db.schema.alterTable('chats').addColumn('source_updated_at', 'text').execute();
    await db.schema.alterTable('chats').addColumn('imported_at', 'text').execute();
    await sql`CREATE UNIQUE INDEX chats_by_source ON chats(source_app, source_id) WHERE source_app IS NOT NULL`.execute(
      db,
    );
  },
};

/**
 * Search (issue #9). The message index is rebuilt so that only finished messages are in it: an
 * answer is indexed once when it leaves queued/streaming, not re-indexed on every 500 ms progress
 * flush (nothing searches a half-written answer, and each flush used to delete and re-insert the
 * whole growing text). An edit of a finished message re-indexes it; an answer that is continued
 * (back to queued) leaves the index until it ends again. Chat titles get their own small index.
 */
const UNFINISHED = sql.raw(`('queued', 'streaming')`);
const search: Migration = {
  async up(db: Kysely<unknown>) {
    for (const trigger of ['messages_fts_after_insert', 'messages_fts_after_delete', 'messages_fts_after_update']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS messages_fts`.execute(db);
    await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(
      content,
      content = 'messages',
      content_rowid = 'seq',
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages
      WHEN new.status NOT IN ${UNFINISHED} BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content);
      END`.execute(db);
    await sql`CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages
      WHEN old.status NOT IN ${UNFINISHED} BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
      END`.execute(db);
    // One trigger, so the old text always leaves before the new one enters. It fires only when the
    // content of a finished message changes or a message crosses the finished boundary: a progress
    // flush (streaming → streaming) does nothing.
    await sql`CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content, status ON messages
      WHEN (old.status NOT IN ${UNFINISHED}) IS NOT (new.status NOT IN ${UNFINISHED})
        OR (new.status NOT IN ${UNFINISHED} AND new.content IS NOT old.content) BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
          SELECT 'delete', old.seq, old.content WHERE old.status NOT IN ${UNFINISHED};
        INSERT INTO messages_fts(rowid, content)
          SELECT new.seq, new.content WHERE new.status NOT IN ${UNFINISHED};
      END`.execute(db);
    await sql`INSERT INTO messages_fts(rowid, content)
      SELECT seq, content FROM messages WHERE status NOT IN ${UNFINISHED}`.execute(db);

    // Titles keep their own copy (a few thousand short rows): chats have no stable integer key to
    // point an external-content index at.
    await sql`CREATE VIRTUAL TABLE chats_fts USING fts5(
      chat_id UNINDEXED,
      title,
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`CREATE TRIGGER chats_fts_after_insert AFTER INSERT ON chats BEGIN
        INSERT INTO chats_fts(chat_id, title) VALUES (new.id, new.title);
      END`.execute(db);
    await sql`CREATE TRIGGER chats_fts_after_delete AFTER DELETE ON chats BEGIN
        DELETE FROM chats_fts WHERE chat_id = old.id;
      END`.execute(db);
    await sql`CREATE TRIGGER chats_fts_after_update AFTER UPDATE OF title ON chats
      WHEN new.title IS NOT old.title BEGIN
        UPDATE chats_fts SET title = new.title WHERE chat_id = old.id;
      END`.execute(db);
    await sql`INSERT INTO chats_fts(chat_id, title) SELECT id, title FROM chats`.execute(db);
  },
};

/** Every step, in order. The upgrade test builds a database at each earlier step from this list. */
export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': initial,
  '002_messages_fts': messagesFts,
  '003_model_insights': modelInsights,
  '004_import_sources': importSources,
  '005_search': search,
  '006_presets': presets,
  '007_image_generation': imageGeneration,
  '008_message_edits': messageEdits,
  '009_file_attachments': fileAttachments,
  '010_title_index_by_chat': titleIndexByChat,
  '011_chats_by_creation': chatsByCreation,
  '012_content_tokens': contentTokens,
  '013_search_prefixes': searchPrefixes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/** The steps up to and including `last` (tests build databases of earlier releases with it). */
export function migrationProviderUpTo(last: string): MigrationProvider {
  const names = Object.keys(MIGRATIONS).sort();
  if (!names.includes(last)) throw new Error(`no migration named ${last}`);
  return {
    getMigrations: async () =>
      Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, MIGRATIONS[n] as Migration])),
  };
}
