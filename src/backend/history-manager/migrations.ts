/**
 * Numbered schema migrations, applied by kysely's Migrator in name order. A released migration is
 * never edited: change the schema by adding the next number.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

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

const MIGRATIONS: Record<string, Migration> = {
  '001_initial': initial,
  '002_messages_fts': messagesFts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
