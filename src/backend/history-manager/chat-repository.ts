/** Chats: create, read, list (keyset pages), update, delete with their message tree and blobs. */
import type { Kysely, Updateable } from 'kysely';
import type { ChatOptions, UpdateChatBody } from '../../shared/api';
import { canonicalModelName } from '../../shared/model-name';
import { NotFoundError, ValidationError } from '../errors';
import type { AttachmentBlobs } from './attachment-blobs';
import { decodeChatCursor, encodeChatCursor } from './chat-cursor';
import { selectChatsUsingModel } from './model-queries';
import { type ChatRecord, toChatRecord } from './row-mapping';
import type { ChatRow, ChatsTable, Database, TitleSource } from './schema';
import { titleContains } from './sqlite-specifics';

export const DEFAULT_CHAT_TITLE = 'New chat';

export const isoNow = (): string => new Date().toISOString();

export class ChatRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: AttachmentBlobs,
    private readonly newId: () => string,
  ) {}

  async create(input: {
    title?: string;
    model?: string | null;
    systemPrompt?: string;
    options?: ChatOptions;
  }): Promise<ChatRecord> {
    const now = isoNow();
    const row: ChatRow = {
      id: this.newId(),
      title: input.title?.trim() || DEFAULT_CHAT_TITLE,
      model: input.model ?? null,
      system_prompt: input.systemPrompt ?? '',
      options_json: JSON.stringify(input.options ?? {}),
      pinned: 0,
      archived: 0,
      created_at: now,
      updated_at: now,
      current_leaf_id: null,
      source_app: null,
      source_id: null,
      source_updated_at: null,
      imported_at: null,
      title_source: input.title?.trim() ? 'user' : 'auto',
    };
    await this.db.insertInto('chats').values(row).execute();
    return toChatRecord(row);
  }

  async get(id: string): Promise<ChatRecord> {
    const row = await this.db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Chat', id);
    return toChatRecord(row);
  }

  /** Newest activity first (updated_at desc, id desc), keyset-paginated; `q` matches a title substring, any case. */
  async list(q: { cursor?: string; limit: number; q?: string }): Promise<{
    chats: ChatRecord[];
    nextCursor: string | null;
  }> {
    const limit = Math.max(1, Math.floor(q.limit));
    let query = this.db
      .selectFrom('chats')
      .selectAll()
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (q.cursor) {
      const after = decodeChatCursor(q.cursor);
      query = query.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('updated_at', 'id'), '<', tuple(after.updatedAt, after.id)),
      );
    }
    const needle = q.q?.trim().toLowerCase();
    if (needle) query = query.where(titleContains(needle));

    const rows = await query.execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeChatCursor({ updatedAt: last.updated_at, id: last.id }) : null;
    return { chats: page.map(toChatRecord), nextCursor };
  }

  /** `userTitle`: the title in `patch` was typed by the user, so a generated one never replaces it. */
  async update(id: string, patch: UpdateChatBody, opts: { userTitle?: boolean } = {}): Promise<ChatRecord> {
    const changes: Updateable<ChatsTable> = {};
    if (patch.title !== undefined) changes.title = patch.title;
    if (patch.title !== undefined && opts.userTitle) changes.title_source = 'user';
    if (patch.model !== undefined) changes.model = patch.model;
    if (patch.systemPrompt !== undefined) changes.system_prompt = patch.systemPrompt;
    if (patch.options !== undefined) changes.options_json = JSON.stringify(patch.options);
    // Pinning and archiving are how the chat is shown, not activity: they keep its place in the list.
    if (Object.keys(changes).length > 0) changes.updated_at = isoNow();
    if (patch.pinned !== undefined) changes.pinned = patch.pinned ? 1 : 0;
    if (patch.archived !== undefined) changes.archived = patch.archived ? 1 : 0;
    if (Object.keys(changes).length === 0) return this.get(id);

    const row = await this.db.updateTable('chats').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw new NotFoundError('Chat', id);
    return toChatRecord(row);
  }

  /** Deletes the chat, its whole message tree and attachments, and blob files nothing else references. */
  async delete(id: string): Promise<void> {
    await this.blobs.withLock(async () => {
      const sha256s = await this.db.transaction().execute(async (trx) => {
        const blobs = await trx
          .selectFrom('attachments as a')
          .innerJoin('messages as m', 'm.id', 'a.message_id')
          .where('m.chat_id', '=', id)
          .select('a.sha256')
          .distinct()
          .execute();
        // Detach the tree first: cascading through parent_id would recurse once per level and hit
        // SQLite's trigger depth limit (1000) on long chats; the chat_id cascade is one level deep.
        await trx
          .updateTable('messages')
          .set({ parent_id: null })
          .where('chat_id', '=', id)
          .where('parent_id', 'is not', null)
          .execute();
        const deleted = await trx.deleteFrom('chats').where('id', '=', id).executeTakeFirst();
        if (deleted.numDeletedRows === 0n) throw new NotFoundError('Chat', id);
        return blobs.map((b) => b.sha256);
      });
      await this.blobs.removeUnreferenced(sha256s);
    });
  }

  /** Who set the chat's title; NotFoundError for an unknown chat. */
  async titleSource(id: string): Promise<TitleSource> {
    const row = await this.db.selectFrom('chats').select('title_source').where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Chat', id);
    return row.title_source;
  }

  /**
   * Sets a generated title unless the title was typed by the user (or generated already) by now:
   * checked in the same statement, so a rename that lands first always wins. Null when not set.
   */
  async setGeneratedTitle(id: string, title: string): Promise<ChatRecord | null> {
    const row = await this.db
      .updateTable('chats')
      .set({ title, title_source: 'generated', updated_at: isoNow() })
      .where('id', '=', id)
      .where('title_source', '=', 'auto')
      .returningAll()
      .executeTakeFirst();
    return row ? toChatRecord(row) : null;
  }

  /** ValidationError if leafId is not a message of the chat. */
  async setCurrentLeaf(chatId: string, leafId: string): Promise<void> {
    const result = await this.db
      .updateTable('chats')
      .set({ current_leaf_id: leafId })
      .where('id', '=', chatId)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('messages').select('id').where('id', '=', leafId).where('chat_id', '=', chatId)),
      )
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return;
    await this.get(chatId);
    throw new ValidationError(`Message '${leafId}' is not a message of chat '${chatId}'.`, { leafId });
  }

  /** Chats whose model is `name` under any spelling (`llama3.2` ≡ `Llama3.2:latest`), newest activity first. */
  listUsingModel(name: string): Promise<Array<{ id: string; title: string }>> {
    return selectChatsUsingModel(this.db, canonicalModelName(name));
  }
}
