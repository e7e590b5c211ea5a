/**
 * Rows → PortableChat for export: the whole tree (every branch), the current leaf, system prompt,
 * options, models and digests, metrics and attachment metadata. Bytes are loaded lazily by sha256
 * (`loadBlob`), so exporting every chat never holds more than one chat and one blob in memory.
 */
import type { Kysely } from 'kysely';
import { NotFoundError } from '../errors';
import type { AttachmentBlobs } from './attachment-blobs';
import { imageRecordsOfChat, withImageRecord } from './image-portability';
import type { PortableChat } from './portability';
import { toPortableMessage } from './portable-rows';
import type { ChatRow, Database } from './schema';

/** Chats read per query while exporting all of them. */
const PAGE = 200;

interface ChatPageKey {
  createdAt: string;
  id: string;
}

/**
 * The next PAGE chats after `after`, oldest first. The index chats_by_creation (migration 011) makes
 * each page a seek: without it every page sorted all chats, and exporting 100,000 took 12 s for the
 * pages alone. Checked by tests/unit/history-query-plans.test.ts.
 */
export function chatPageQuery(db: Kysely<Database>, after: ChatPageKey | null) {
  const query = db.selectFrom('chats').selectAll().orderBy('created_at').orderBy('id').limit(PAGE);
  if (!after) return query;
  const { createdAt, id } = after;
  return query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(createdAt, id)));
}

export class ChatExporter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: AttachmentBlobs,
  ) {}

  async chat(id: string): Promise<PortableChat> {
    const row = await this.db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Chat', id);
    return this.toPortable(row);
  }

  /** Every chat, oldest first (created_at, id), read a page at a time. */
  async *all(): AsyncGenerator<PortableChat> {
    let after: ChatPageKey | null = null;
    for (;;) {
      const rows = await chatPageQuery(this.db, after).execute();
      for (const row of rows) yield await this.toPortable(row);
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = { createdAt: last.created_at, id: last.id };
    }
  }

  /** The bytes of a stored attachment; null when no attachment has them or the file is gone. */
  async loadBlob(sha256: string): Promise<Uint8Array | null> {
    const row = await this.db
      .selectFrom('attachments')
      .select('blob_path')
      .where('sha256', '=', sha256)
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    try {
      return await this.blobs.store.read(row.blob_path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  private async toPortable(row: ChatRow): Promise<PortableChat> {
    const messages = await this.db
      .selectFrom('messages')
      .select([
        'id',
        'parent_id',
        'role',
        'content',
        'thinking',
        'status',
        'error_json',
        'model',
        'model_digest',
        'options_json',
        'metrics_json',
        'created_at',
        'updated_at',
        'edited',
      ])
      .where('chat_id', '=', row.id)
      // Insertion order: a parent is always written before its children.
      .orderBy('seq')
      .execute();
    const attachments = await this.db
      .selectFrom('attachments as a')
      .innerJoin('messages as m', 'm.id', 'a.message_id')
      .where('m.chat_id', '=', row.id)
      .select(['a.id', 'a.message_id', 'a.kind', 'a.name', 'a.mime', 'a.size', 'a.sha256', 'a.text'])
      .orderBy('a.id')
      .execute();
    const imageRecords = await imageRecordsOfChat(this.db, row.id);
    const byMessage = new Map<string, typeof attachments>();
    for (const a of attachments) {
      const list = byMessage.get(a.message_id) ?? [];
      list.push(a);
      byMessage.set(a.message_id, list);
    }
    return {
      source: { app: 'ollama-chat', id: row.id },
      origin:
        row.source_app !== null && row.source_id !== null
          ? { app: row.source_app, id: row.source_id, importedAt: row.imported_at }
          : null,
      title: row.title,
      model: row.model,
      systemPrompt: row.system_prompt === '' ? null : row.system_prompt,
      options: JSON.parse(row.options_json) as Record<string, unknown>,
      pinned: row.pinned === 1,
      archived: row.archived === 1,
      tags: [],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      currentLeafSourceId: row.current_leaf_id,
      messages: messages.map((m) =>
        withImageRecord(toPortableMessage(m, byMessage.get(m.id) ?? []), imageRecords.get(m.id)),
      ),
    };
  }
}
