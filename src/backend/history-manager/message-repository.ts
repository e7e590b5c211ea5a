/** The message tree of every chat: append chains, read branches and paths, stream progress, finish answers. */
import { type Kysely, sql } from 'kysely';
import type {
  ErrorInfo,
  GenerationMetrics,
  GenerationParams,
  Message,
  MessageStatus,
  MessagesResponse,
} from '../../shared/api';
import { type ContextMessage, isContextTurn, summarizeOlder } from '../../shared/context-plan';
import type { Logger } from '../../utils/logger';
import { interruptedError, NotFoundError, ValidationError } from '../errors';
import { writeAnswerMetrics } from './answer-metrics';
import type { AttachmentBlobs, StoredBlobBytes } from './attachment-blobs';
import type { StoredBlob } from './blob-store';
import { isoNow } from './chat-repository';
import { buildChainRows, contentTokens, type NewMessage } from './message-chain';
import {
  type BranchEnd,
  costsAboveQuery,
  newestQuery,
  pathCostsQuery,
  pathQuery,
  pathTurnsQuery,
  readCosts,
  selectBranch,
  selectMessagesByIds,
} from './message-queries';
import { type MessageTurn, toContextMessage, toMessage, toMessageTurn } from './row-mapping';
import type { Database } from './schema';
import { UNFINISHED_STATUS } from './sqlite-specifics';

/** A message id a request named that is not a message of the chat (`leafId` or `before`, as the request named it). */
function notOfChat(chatId: string, named: { leafId: string } | { before: string }): ValidationError {
  const id = 'leafId' in named ? named.leafId : named.before;
  return new ValidationError(`Message '${id}' is not a message of chat '${chatId}'.`, named);
}

export interface FinishedMessage {
  content: string;
  thinking: string;
  status: MessageStatus;
  error: ErrorInfo | null;
  metrics: GenerationMetrics | null;
  modelDigest?: string | null;
  /** What was sent to Ollama; absent = unchanged (an answer that never reached Ollama keeps none). */
  params?: GenerationParams | null;
}

/** What a send changes on its chat besides the leaf (a title set this way stays `auto`, as chats.update would leave it). */
export interface ChainChatPatch {
  model?: string;
  title?: string;
}

const INTERRUPTED_ERROR: ErrorInfo = interruptedError();

export class MessageRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: AttachmentBlobs,
    private readonly newId: () => string,
    private readonly logger: Logger,
  ) {}

  /**
   * Atomically (one transaction) appends `messages` as a chain under parentId (null = root): the
   * first's parent is parentId, each next one's parent is the previous; sets the chat's
   * current_leaf_id to the last one and bumps updated_at. Throws NotFoundError for a missing chat,
   * ValidationError if parentId is not a message of that chat. Attachments' bytes are written to
   * blob files (by sha256, deduplicated) before the transaction. `chatPatch` (a send's new model, a
   * first message's title) goes into the same UPDATE of the chat, so it lands with the messages or not at all.
   */
  async append(
    chatId: string,
    parentId: string | null,
    messages: NewMessage[],
    chatPatch: ChainChatPatch = {},
  ): Promise<Message[]> {
    if (messages.length === 0) throw new ValidationError('There are no messages to append.');
    if (!messages.some((m) => (m.attachments?.length ?? 0) > 0)) {
      return this.insertChain(chatId, parentId, messages, [], chatPatch);
    }
    return this.blobs.withLock(async () => {
      // Fail before writing megabytes of blobs for a request that cannot succeed.
      await assertChatAndParent(this.db, chatId, parentId);
      const created: string[] = [];
      try {
        const blobs: StoredBlob[][] = [];
        for (const message of messages) {
          const stored: StoredBlob[] = [];
          for (const attachment of message.attachments ?? []) {
            const blob = await this.blobs.store.put(attachment.data);
            if (blob.created) created.push(blob.sha256);
            stored.push(blob);
          }
          blobs.push(stored);
        }
        return await this.insertChain(chatId, parentId, messages, blobs, chatPatch);
      } catch (err) {
        await this.blobs
          .removeUnreferenced(created)
          .catch((cleanupErr: unknown) =>
            this.logger.warn({ err: cleanupErr }, 'could not clean up blobs of a failed append'),
          );
        throw err;
      }
    });
  }

  async get(id: string): Promise<Message> {
    const [row] = await selectMessagesByIds(this.db, [id]);
    if (!row) throw new NotFoundError('Message', id);
    return toMessage(row);
  }

  /**
   * The active branch root → leaf (leafId defaults to chat.current_leaf_id; a given leafId need
   * not be a leaf: the branch descends from it along the newest child). Every message carries
   * siblingIds. ValidationError if leafId is not a message of the chat.
   */
  async branch(chatId: string, leafId?: string): Promise<Message[]> {
    const start = leafId ?? (await this.currentLeaf(chatId));
    if (start === null) return [];
    const rows = await selectBranch(this.db, chatId, start);
    if (rows.length === 0 && leafId !== undefined) throw notOfChat(chatId, { leafId });
    return rows.map(toMessage);
  }

  /** The chat's current leaf (null when it has no messages); NotFoundError for an unknown chat. */
  private async currentLeaf(chatId: string): Promise<string | null> {
    const chat = await this.db
      .selectFrom('chats')
      .select('current_leaf_id')
      .where('id', '=', chatId)
      .executeTakeFirst();
    if (!chat) throw new NotFoundError('Chat', chatId);
    return chat.current_leaf_id;
  }

  /**
   * The newest `limit` messages of a branch (through `leaf`, default the chat's current leaf) or of the path
   * above `before`, root-ward first, and — for a branch's newest page, when there are more above it — what the
   * context estimate needs of those (`older`), so a long chat can open from its end. ValidationError if `leaf` or
   * `before` is not a message of the chat.
   */
  async branchPage(
    chatId: string,
    page: { leaf?: string; before?: string; limit: number },
  ): Promise<Omit<MessagesResponse, 'chat'>> {
    let end: BranchEnd;
    if (page.before !== undefined) {
      const before = await this.db
        .selectFrom('messages')
        .select('id')
        .where('id', '=', page.before)
        .where('chat_id', '=', chatId)
        .executeTakeFirst();
      if (!before) throw notOfChat(chatId, { before: page.before });
      end = { before: page.before };
    } else {
      const start = page.leaf ?? (await this.currentLeaf(chatId));
      if (start === null) return { messages: [] };
      end = { leaf: start };
    }
    // One more than asked for says whether anything lies above the page.
    const rows = (await newestQuery(chatId, end, page.limit + 1).execute(this.db)).rows;
    if (rows.length === 0 && page.leaf !== undefined) throw notOfChat(chatId, { leafId: page.leaf });
    if (rows.length <= page.limit) return { messages: rows.map(toMessage) };
    // The reader pages upwards with the first page's summary (`olderAbove`): nothing to read and estimate here.
    if (page.before !== undefined) return { messages: rows.slice(1).map(toMessage) };
    const costs = readCosts((await costsAboveQuery(chatId, end, page.limit).execute(this.db)).rows);
    const above = costs.map(toContextMessage);
    // The costs come without their texts: the oldest turn's, for "from “…” on", is the one text read.
    const firstId = costs[above.findIndex(isContextTurn)]?.[1];
    const firstText = firstId
      ? ((await this.db.selectFrom('messages').select('content').where('id', '=', firstId).executeTakeFirst())
          ?.content ?? '')
      : '';
    return { messages: rows.slice(1).map(toMessage), older: summarizeOlder(above, firstText) };
  }

  /** root → messageId inclusive. */
  async path(messageId: string): Promise<Message[]> {
    const rows = (await pathQuery(messageId).execute(this.db)).rows;
    if (rows.length === 0) throw new NotFoundError('Message', messageId);
    return rows.map(toMessage);
  }

  /** The newest `newest` messages of root → messageId inclusive, as a model's context reads the turns it keeps. */
  async pathTurns(messageId: string, newest: number): Promise<MessageTurn[]> {
    if (newest === 0) return [];
    const rows = (await pathTurnsQuery(messageId, newest).execute(this.db)).rows;
    if (rows.length === 0) throw new NotFoundError('Message', messageId);
    return rows.map(toMessageTurn);
  }

  /**
   * What planning a model's context needs of root → messageId inclusive: role, text, status, files' tokens and
   * measured counters, without the rest of each row (the plan reads every message of a long chat; only the turns
   * it keeps are then read, with `pathTurns(messageId, newest)`).
   */
  async pathCosts(messageId: string): Promise<ContextMessage[]> {
    const costs = readCosts((await pathCostsQuery(messageId).execute(this.db)).rows);
    if (costs.length === 0) throw new NotFoundError('Message', messageId);
    return costs.map(toContextMessage);
  }

  readAttachmentBase64(attachmentId: string): Promise<string> {
    return this.blobs.readBase64(attachmentId);
  }

  readAttachmentText(attachmentId: string): Promise<string> {
    return this.blobs.readText(attachmentId);
  }

  /** Attachment bytes by content hash (`GET /api/blobs/:sha256`). */
  readBlob(sha256: string): Promise<StoredBlobBytes> {
    return this.blobs.readBySha256(sha256);
  }

  /** A partial flush while streaming: content, thinking, status (one UPDATE). */
  async saveProgress(
    messageId: string,
    p: { content: string; thinking: string; status: MessageStatus },
  ): Promise<void> {
    const result = await this.db
      .updateTable('messages')
      .set({
        content: p.content,
        content_tokens: contentTokens(p.content, p.status),
        thinking: p.thinking,
        status: p.status,
        updated_at: isoNow(),
      })
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new NotFoundError('Message', messageId);
  }

  /**
   * Final write of an answer, in one transaction: the UPDATE of the message, the bump of its chat's
   * updated_at, and its answer_metrics row (written for a complete answer with counters, removed otherwise).
   */
  async finish(messageId: string, f: FinishedMessage): Promise<Message> {
    const now = isoNow();
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('messages')
        .set({
          content: f.content,
          content_tokens: contentTokens(f.content, f.status),
          thinking: f.thinking,
          status: f.status,
          error_json: f.error === null ? null : JSON.stringify(f.error),
          metrics_json: f.metrics === null ? null : JSON.stringify(f.metrics),
          ...(f.modelDigest !== undefined ? { model_digest: f.modelDigest } : {}),
          ...(f.params ? { params_json: JSON.stringify(f.params) } : {}),
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
    const result = await this.db
      .updateTable('messages')
      .set({
        status: 'interrupted',
        // The text stays as it was last flushed, now final.
        content_tokens: sql<number>`estimate_text_tokens(content)`,
        error_json: JSON.stringify(INTERRUPTED_ERROR),
        updated_at: isoNow(),
      })
      .where(UNFINISHED_STATUS)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** `blobs[i][j]` is the stored blob of `messages[i].attachments[j]`. */
  private async insertChain(
    chatId: string,
    parentId: string | null,
    messages: NewMessage[],
    blobs: StoredBlob[][],
    chatPatch: ChainChatPatch,
  ): Promise<Message[]> {
    const now = isoNow();
    const { messageRows, attachmentRows, leafId } = buildChainRows({
      chatId,
      parentId,
      messages,
      blobs,
      newId: this.newId,
      now,
    });
    return this.db.transaction().execute(async (trx) => {
      await assertChatAndParent(trx, chatId, parentId);
      await trx.insertInto('messages').values(messageRows).execute();
      if (attachmentRows.length > 0) await trx.insertInto('attachments').values(attachmentRows).execute();
      await trx
        .updateTable('chats')
        .set({
          current_leaf_id: leafId,
          updated_at: now,
          ...(chatPatch.model !== undefined ? { model: chatPatch.model } : {}),
          ...(chatPatch.title !== undefined ? { title: chatPatch.title } : {}),
        })
        .where('id', '=', chatId)
        .execute();
      const rows = await selectMessagesByIds(
        trx,
        messageRows.map((r) => r.id),
      );
      return rows.map(toMessage);
    });
  }
}

async function assertChatAndParent(db: Kysely<Database>, chatId: string, parentId: string | null): Promise<void> {
  const chat = await db.selectFrom('chats').select('id').where('id', '=', chatId).executeTakeFirst();
  if (!chat) throw new NotFoundError('Chat', chatId);
  if (parentId === null) return;
  const parent = await db.selectFrom('messages').select('chat_id').where('id', '=', parentId).executeTakeFirst();
  if (parent?.chat_id !== chatId) {
    throw new ValidationError(`Message '${parentId}' is not a message of chat '${chatId}'.`, { parentId });
  }
}
