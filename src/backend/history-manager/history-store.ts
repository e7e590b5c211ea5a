/** The one owner of the SQLite file: chats, the message tree, attachments, models seen and settings. */
import { type Kysely, sql, type Updateable } from 'kysely';
import { monotonicFactory } from 'ulid';
import type {
  ChatOptions,
  ErrorInfo,
  GenerationMetrics,
  Message,
  MessageStatus,
  Settings,
  UpdateChatBody,
} from '../../shared/api';
import { ERROR_CODES } from '../../shared/error-codes';
import type { MetricsComparison, ModelMetrics, ModelPreferences, ModelVersions } from '../../shared/models-api';
import type { Logger } from '../../utils/logger';
import { NotFoundError, ValidationError } from '../errors';
import { canonicalModelName } from '../model-manager/model-name';
import { writeAnswerMetrics } from './answer-metrics';
import { BlobStore, type StoredBlob } from './blob-store';
import { decodeChatCursor, encodeChatCursor } from './chat-cursor';
import { openDatabase } from './database';
import { buildChainRows, type NewAttachment, type NewMessage } from './message-chain';
import { selectBranch, selectMessagesByIds, selectPath } from './message-queries';
import { selectMetricsComparison, selectModelMetrics } from './metrics-queries';
import {
  type ModelPreferencesPatch,
  selectAllModelPreferences,
  selectChatsUsingModel,
  selectModelPreferences,
  selectModelVersions,
  writeModelPreferences,
} from './model-queries';
import { type ChatRecord, toChatRecord, toMessage } from './row-mapping';
import type { ChatRow, ChatsTable, Database } from './schema';
import { readSettings, writeSettings } from './settings-queries';
import { WriteCounter } from './write-counter';

export type { ChatRecord, ModelPreferencesPatch, NewAttachment, NewMessage };

export interface FinishedMessage {
  content: string;
  thinking: string;
  status: MessageStatus;
  error: ErrorInfo | null;
  metrics: GenerationMetrics | null;
  modelDigest?: string | null;
}

const DEFAULT_CHAT_TITLE = 'New chat';
const INTERRUPTED_ERROR: ErrorInfo = {
  code: ERROR_CODES.interrupted,
  message: 'The server stopped before this answer was finished.',
};

const isoNow = (): string => new Date().toISOString();

export class HistoryStore {
  readonly #db: Kysely<Database>;
  readonly #blobs: BlobStore;
  readonly #writes: WriteCounter;
  readonly #logger: Logger | undefined;
  readonly #newId = monotonicFactory();
  #closed = false;

  private constructor(db: Kysely<Database>, blobs: BlobStore, writes: WriteCounter, logger: Logger | undefined) {
    this.#db = db;
    this.#blobs = blobs;
    this.#writes = writes;
    this.#logger = logger;
  }

  /** Creates `dataDir` if needed, opens `ollama-chat.sqlite` in it and applies pending migrations. */
  static async open(opts: { dataDir: string; logger?: Logger }): Promise<HistoryStore> {
    const db = await openDatabase(opts.dataDir, opts.logger);
    const writes = new WriteCounter();
    return new HistoryStore(db.withPlugin(writes), new BlobStore(opts.dataDir), writes, opts.logger);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await sql`PRAGMA optimize`.execute(this.#db);
    } finally {
      await this.#db.destroy();
    }
  }

  /** Number of write statements executed (INSERT/UPDATE/DELETE) since open; for tests and benchmarks. */
  get writeCount(): number {
    return this.#writes.count;
  }

  async createChat(input: {
    title?: string;
    model?: string | null;
    systemPrompt?: string;
    options?: ChatOptions;
  }): Promise<ChatRecord> {
    const now = isoNow();
    const row: ChatRow = {
      id: this.#newId(),
      title: input.title?.trim() || DEFAULT_CHAT_TITLE,
      model: input.model ?? null,
      system_prompt: input.systemPrompt ?? '',
      options_json: JSON.stringify(input.options ?? {}),
      pinned: 0,
      archived: 0,
      created_at: now,
      updated_at: now,
      current_leaf_id: null,
    };
    await this.#db.insertInto('chats').values(row).execute();
    return toChatRecord(row);
  }

  async getChat(id: string): Promise<ChatRecord> {
    const row = await this.#db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Chat', id);
    return toChatRecord(row);
  }

  /** Newest activity first (updated_at desc, id desc), keyset-paginated; `q` matches a title substring, any case. */
  async listChats(q: { cursor?: string; limit: number; q?: string }): Promise<{
    chats: ChatRecord[];
    nextCursor: string | null;
  }> {
    const limit = Math.max(1, Math.floor(q.limit));
    let query = this.#db
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
    if (needle) query = query.where(sql<boolean>`instr(casefold(title), ${needle}) > 0`);

    const rows = await query.execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeChatCursor({ updatedAt: last.updated_at, id: last.id }) : null;
    return { chats: page.map(toChatRecord), nextCursor };
  }

  async updateChat(id: string, patch: UpdateChatBody): Promise<ChatRecord> {
    const changes: Updateable<ChatsTable> = {};
    if (patch.title !== undefined) changes.title = patch.title;
    if (patch.model !== undefined) changes.model = patch.model;
    if (patch.systemPrompt !== undefined) changes.system_prompt = patch.systemPrompt;
    if (patch.options !== undefined) changes.options_json = JSON.stringify(patch.options);
    // Pinning and archiving are how the chat is shown, not activity: they keep its place in the list.
    if (Object.keys(changes).length > 0) changes.updated_at = isoNow();
    if (patch.pinned !== undefined) changes.pinned = patch.pinned ? 1 : 0;
    if (patch.archived !== undefined) changes.archived = patch.archived ? 1 : 0;
    if (Object.keys(changes).length === 0) return this.getChat(id);

    const row = await this.#db.updateTable('chats').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw new NotFoundError('Chat', id);
    return toChatRecord(row);
  }

  /** Deletes the chat, its whole message tree and attachments, and blob files nothing else references. */
  async deleteChat(id: string): Promise<void> {
    await this.#blobs.withLock(async () => {
      const sha256s = await this.#db.transaction().execute(async (trx) => {
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
      await this.#removeUnreferencedBlobs(sha256s);
    });
  }

  /**
   * Atomically (one transaction) appends `messages` as a chain under parentId (null = root): the
   * first's parent is parentId, each next one's parent is the previous; sets the chat's
   * current_leaf_id to the last one and bumps updated_at. Throws NotFoundError for a missing chat,
   * ValidationError if parentId is not a message of that chat. Attachments' bytes are written to
   * blob files (by sha256, deduplicated) before the transaction.
   */
  async appendMessages(chatId: string, parentId: string | null, messages: NewMessage[]): Promise<Message[]> {
    if (messages.length === 0) throw new ValidationError('There are no messages to append.');
    if (!messages.some((m) => (m.attachments?.length ?? 0) > 0)) {
      return this.#insertChain(chatId, parentId, messages, []);
    }
    return this.#blobs.withLock(async () => {
      // Fail before writing megabytes of blobs for a request that cannot succeed.
      await this.#assertChatAndParent(this.#db, chatId, parentId);
      const created: string[] = [];
      try {
        const blobs: StoredBlob[][] = [];
        for (const message of messages) {
          const stored: StoredBlob[] = [];
          for (const attachment of message.attachments ?? []) {
            const blob = await this.#blobs.put(attachment.data);
            if (blob.created) created.push(blob.sha256);
            stored.push(blob);
          }
          blobs.push(stored);
        }
        return await this.#insertChain(chatId, parentId, messages, blobs);
      } catch (err) {
        await this.#removeUnreferencedBlobs(created).catch((cleanupErr: unknown) =>
          this.#logger?.warn({ err: cleanupErr }, 'could not clean up blobs of a failed append'),
        );
        throw err;
      }
    });
  }

  async getMessage(id: string): Promise<Message> {
    const [row] = await selectMessagesByIds(this.#db, [id]);
    if (!row) throw new NotFoundError('Message', id);
    return toMessage(row);
  }

  /**
   * The active branch root → leaf (leafId defaults to chat.current_leaf_id; a given leafId need
   * not be a leaf: the branch descends from it along the newest child). Every message carries
   * siblingIds. ValidationError if leafId is not a message of the chat.
   */
  async getBranch(chatId: string, leafId?: string): Promise<Message[]> {
    const chat = await this.#db
      .selectFrom('chats')
      .select('current_leaf_id')
      .where('id', '=', chatId)
      .executeTakeFirst();
    if (!chat) throw new NotFoundError('Chat', chatId);
    const start = leafId ?? chat.current_leaf_id;
    if (start === null) return [];
    const rows = await selectBranch(this.#db, chatId, start);
    if (rows.length === 0 && leafId !== undefined) {
      throw new ValidationError(`Message '${leafId}' is not a message of chat '${chatId}'.`, { leafId });
    }
    return rows.map(toMessage);
  }

  /** root → messageId inclusive, for building model context. */
  async getPath(messageId: string): Promise<Message[]> {
    const rows = await selectPath(this.#db, messageId);
    if (rows.length === 0) throw new NotFoundError('Message', messageId);
    return rows.map(toMessage);
  }

  async readAttachmentBase64(attachmentId: string): Promise<string> {
    const row = await this.#db
      .selectFrom('attachments')
      .select('blob_path')
      .where('id', '=', attachmentId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Attachment', attachmentId);
    try {
      return (await this.#blobs.read(row.blob_path)).toString('base64');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('Attachment file', attachmentId);
      throw err;
    }
  }

  /** ValidationError if leafId is not a message of the chat. */
  async setCurrentLeaf(chatId: string, leafId: string): Promise<void> {
    const result = await this.#db
      .updateTable('chats')
      .set({ current_leaf_id: leafId })
      .where('id', '=', chatId)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('messages').select('id').where('id', '=', leafId).where('chat_id', '=', chatId)),
      )
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return;
    await this.getChat(chatId);
    throw new ValidationError(`Message '${leafId}' is not a message of chat '${chatId}'.`, { leafId });
  }

  /** A partial flush while streaming: content, thinking, status (one UPDATE). */
  async saveProgress(
    messageId: string,
    p: { content: string; thinking: string; status: MessageStatus },
  ): Promise<void> {
    const result = await this.#db
      .updateTable('messages')
      .set({ content: p.content, thinking: p.thinking, status: p.status, updated_at: isoNow() })
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new NotFoundError('Message', messageId);
  }

  /**
   * Final write of an answer, in one transaction: the UPDATE of the message, the bump of its chat's
   * updated_at, and its answer_metrics row (written for a complete answer with counters, removed otherwise).
   */
  async finishMessage(messageId: string, f: FinishedMessage): Promise<Message> {
    const now = isoNow();
    return this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('messages')
        .set({
          content: f.content,
          thinking: f.thinking,
          status: f.status,
          error_json: f.error === null ? null : JSON.stringify(f.error),
          metrics_json: f.metrics === null ? null : JSON.stringify(f.metrics),
          ...(f.modelDigest !== undefined ? { model_digest: f.modelDigest } : {}),
          updated_at: now,
        })
        .where('id', '=', messageId)
        .returning(['chat_id', 'model', 'model_digest'])
        .executeTakeFirst();
      if (!updated) throw new NotFoundError('Message', messageId);
      await trx.updateTable('chats').set({ updated_at: now }).where('id', '=', updated.chat_id).execute();
      await writeAnswerMetrics(trx, {
        messageId,
        model: updated.model,
        modelDigest: updated.model_digest,
        status: f.status,
        metrics: f.metrics,
        finishedAt: now,
      });
      const [row] = await selectMessagesByIds(trx, [messageId]);
      if (!row) throw new NotFoundError('Message', messageId);
      return toMessage(row);
    });
  }

  /** Start-up recovery: answers left 'queued' or 'streaming' become 'interrupted', partial content kept. Returns how many. */
  async markUnfinishedInterrupted(): Promise<number> {
    const result = await this.#db
      .updateTable('messages')
      .set({ status: 'interrupted', error_json: JSON.stringify(INTERRUPTED_ERROR), updated_at: isoNow() })
      // Literal values, so SQLite can use the partial index `messages_unfinished`.
      .where(sql<boolean>`status IN ('queued', 'streaming')`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Stored under the canonical name, so `llama3.2` and `llama3.2:latest` share one history. */
  async recordModelSeen(name: string, digest: string): Promise<void> {
    const now = isoNow();
    await this.#db
      .insertInto('models_seen')
      .values({ name: canonicalModelName(name), digest, first_seen: now, last_seen: now })
      .onConflict((oc) => oc.columns(['name', 'digest']).doUpdateSet({ last_seen: now }))
      .execute();
  }

  /** Summary, the last `limit` answers (oldest first) and tokens/s by context size. Names compare canonically. */
  modelMetrics(name: string, opts: { limit: number }): Promise<ModelMetrics> {
    return selectModelMetrics(this.#db, canonicalModelName(name), opts.limit);
  }

  /** One summary per model with answers, fastest median tokens/s first. */
  metricsComparison(): Promise<MetricsComparison> {
    return selectMetricsComparison(this.#db);
  }

  /** Digests recorded for the model, newest first; `current` marks `currentDigest` (null: none is). */
  listModelVersions(name: string, currentDigest: string | null): Promise<ModelVersions> {
    return selectModelVersions(this.#db, canonicalModelName(name), currentDigest);
  }

  /** Defaults (`null` = follow the global setting) for a model without stored preferences. `name` comes back canonical. */
  getModelPreferences(name: string): Promise<ModelPreferences> {
    return selectModelPreferences(this.#db, canonicalModelName(name));
  }

  /** Keys absent from `patch` are unchanged; null resets one to the global default. */
  updateModelPreferences(name: string, patch: ModelPreferencesPatch): Promise<ModelPreferences> {
    return this.#db.transaction().execute((trx) => writeModelPreferences(trx, canonicalModelName(name), patch));
  }

  /** Models with at least one non-default preference, by canonical name. */
  listModelPreferences(): Promise<ModelPreferences[]> {
    return selectAllModelPreferences(this.#db);
  }

  /** Chats whose model is `name` under any spelling (`llama3.2` ≡ `Llama3.2:latest`), newest activity first. */
  listChatsUsingModel(name: string): Promise<Array<{ id: string; title: string }>> {
    return selectChatsUsingModel(this.#db, canonicalModelName(name));
  }

  getSettings(): Promise<Settings> {
    return readSettings(this.#db, this.#logger);
  }

  /** Sets the keys present in `patch` (undefined = unchanged) and returns all settings. */
  async updateSettings(patch: Settings): Promise<Settings> {
    await writeSettings(this.#db, patch);
    return this.getSettings();
  }

  async #assertChatAndParent(db: Kysely<Database>, chatId: string, parentId: string | null): Promise<void> {
    const chat = await db.selectFrom('chats').select('id').where('id', '=', chatId).executeTakeFirst();
    if (!chat) throw new NotFoundError('Chat', chatId);
    if (parentId === null) return;
    const parent = await db.selectFrom('messages').select('chat_id').where('id', '=', parentId).executeTakeFirst();
    if (parent?.chat_id !== chatId) {
      throw new ValidationError(`Message '${parentId}' is not a message of chat '${chatId}'.`, { parentId });
    }
  }

  /** `blobs[i][j]` is the stored blob of `messages[i].attachments[j]`. */
  async #insertChain(
    chatId: string,
    parentId: string | null,
    messages: NewMessage[],
    blobs: StoredBlob[][],
  ): Promise<Message[]> {
    const now = isoNow();
    const { messageRows, attachmentRows, leafId } = buildChainRows({
      chatId,
      parentId,
      messages,
      blobs,
      newId: this.#newId,
      now,
    });
    return this.#db.transaction().execute(async (trx) => {
      await this.#assertChatAndParent(trx, chatId, parentId);
      await trx.insertInto('messages').values(messageRows).execute();
      if (attachmentRows.length > 0) await trx.insertInto('attachments').values(attachmentRows).execute();
      await trx
        .updateTable('chats')
        .set({ current_leaf_id: leafId, updated_at: now })
        .where('id', '=', chatId)
        .execute();
      const rows = await selectMessagesByIds(
        trx,
        messageRows.map((r) => r.id),
      );
      return rows.map(toMessage);
    });
  }

  /** Deletes the blob files of `sha256s` that no attachment row references any more. */
  async #removeUnreferencedBlobs(sha256s: readonly string[]): Promise<void> {
    if (sha256s.length === 0) return;
    const referenced = await this.#db
      .selectFrom('attachments')
      .select('sha256')
      .distinct()
      .where('sha256', 'in', sha256s)
      .execute();
    const stillUsed = new Set(referenced.map((r) => r.sha256));
    for (const sha256 of sha256s) {
      if (stillUsed.has(sha256)) continue;
      try {
        await this.#blobs.remove(sha256);
      } catch (err) {
        // The rows are gone already; a leftover file only costs disk space.
        this.#logger?.warn({ err, sha256 }, 'could not remove an unreferenced attachment blob');
      }
    }
  }
}
