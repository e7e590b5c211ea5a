/**
 * Changes to the shape of a chat's message tree (issue 11): fork a branch into a new chat, add an
 * edited answer as a sibling, delete a message with its subtree. The rules about running answers
 * live in the chat manager; this file keeps the rows, the current leaf, the search index (by its
 * triggers) and the attachment blobs consistent.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Message } from '../../shared/api';
import { interruptedError, NotFoundError } from '../errors';
import type { AttachmentBlobs } from './attachment-blobs';
import { DEFAULT_CHAT_TITLE, isoNow } from './chat-repository';
import { contentTokens } from './message-chain';
import { selectMessagesByIds, selectPath } from './message-queries';
import { type ChatRecord, toChatRecord, toMessage } from './row-mapping';
import type { AttachmentsTable, Database, NewAttachmentRow, NewMessageRow } from './schema';

type AttachmentRow = Selectable<AttachmentsTable>;

export interface DeletedSubtree {
  /** How many messages went. */
  deleted: number;
  /** The chat's current leaf afterwards (moved when it was inside the subtree). */
  currentLeafId: string | null;
}

const MAX_FORK_TITLE_CHARS = 200;
/** Rows or ids per statement: a 15-column insert of this many stays well under SQLite's bound-parameter limit. */
const CHUNK = 500;

export class MessageTree {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: AttachmentBlobs,
    private readonly newId: () => string,
  ) {}

  /** The message, checked to belong to the chat (404 otherwise, as for a message that does not exist). */
  async messageOf(chatId: string, messageId: string): Promise<Message> {
    const [row] = await selectMessagesByIds(this.db, [messageId]);
    if (!row || row.chat_id !== chatId) throw new NotFoundError('Message', messageId);
    return toMessage(row);
  }

  /** Ids of the message and every message below it, the message first. */
  async subtreeIds(messageId: string): Promise<string[]> {
    const result = await sql<{ id: string }>`
      WITH RECURSIVE sub(id) AS (
        SELECT id FROM messages WHERE id = ${messageId}
        UNION ALL
        SELECT m.id FROM messages m JOIN sub ON m.parent_id = sub.id
      )
      SELECT id FROM sub`.execute(this.db);
    return result.rows.map((r) => r.id);
  }

  /**
   * A new chat holding a copy of the branch root → `messageId`: the chat's title (marked as a fork),
   * model, system prompt and options, each message's text, status, counters, parameters and edit mark, and its
   * attachments as references to the same blobs. An answer still running is copied as interrupted.
   * Answer metrics and an image answer's generation record are not copied: the model insights count each generation
   * once (its pictures come along as attachments).
   */
  async fork(chatId: string, messageId: string): Promise<ChatRecord> {
    await this.messageOf(chatId, messageId);
    return this.blobs.withLock(() =>
      this.db.transaction().execute(async (trx) => {
        const source = await trx.selectFrom('chats').selectAll().where('id', '=', chatId).executeTakeFirst();
        if (!source) throw new NotFoundError('Chat', chatId);
        const path = await selectPath(trx, messageId);
        const attachments: AttachmentRow[] = [];
        for (const part of chunks(path)) {
          const ids = part.map((m) => m.id);
          attachments.push(
            ...(await trx.selectFrom('attachments').selectAll().where('message_id', 'in', ids).orderBy('id').execute()),
          );
        }
        const now = isoNow();
        const chat = {
          id: this.newId(),
          title: forkTitle(source.title),
          model: source.model,
          system_prompt: source.system_prompt,
          options_json: source.options_json,
          pinned: 0,
          archived: 0,
          created_at: now,
          updated_at: now,
          current_leaf_id: null as string | null,
        };
        const newIds = new Map<string, string>();
        const messageRows: NewMessageRow[] = [];
        for (const row of path) {
          const id = this.newId();
          newIds.set(row.id, id);
          const unfinished = row.status === 'queued' || row.status === 'streaming';
          messageRows.push({
            id,
            chat_id: chat.id,
            parent_id: row.parent_id === null ? null : (newIds.get(row.parent_id) ?? null),
            role: row.role,
            content: row.content,
            content_tokens: contentTokens(row.content, unfinished ? 'interrupted' : row.status),
            thinking: row.thinking,
            status: unfinished ? 'interrupted' : row.status,
            error_json: unfinished ? JSON.stringify(interruptedError()) : row.error_json,
            model: row.model,
            model_digest: row.model_digest,
            options_json: row.options_json,
            metrics_json: row.metrics_json,
            params_json: row.params_json,
            created_at: row.created_at,
            updated_at: row.updated_at,
            edited: row.edited,
          });
        }
        chat.current_leaf_id = messageRows.at(-1)?.id ?? null;
        const attachmentRows: NewAttachmentRow[] = attachments.map((a) => ({
          ...a,
          id: this.newId(),
          message_id: newIds.get(a.message_id) as string,
        }));
        await trx.insertInto('chats').values(chat).execute();
        for (const part of chunks(messageRows)) await trx.insertInto('messages').values(part).execute();
        for (const part of chunks(attachmentRows)) await trx.insertInto('attachments').values(part).execute();
        const created = await trx.selectFrom('chats').selectAll().where('id', '=', chat.id).executeTakeFirstOrThrow();
        return toChatRecord(created);
      }),
    );
  }

  /** The user's version of an answer, stored as its sibling, marked edited, and made the chat's current leaf. */
  async addEditedAnswer(original: Message, content: string): Promise<Message> {
    const now = isoNow();
    const id = this.newId();
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('messages')
        .values({
          id,
          chat_id: original.chatId,
          parent_id: original.parentId,
          role: 'assistant',
          content,
          content_tokens: contentTokens(content, 'complete'),
          thinking: '',
          status: 'complete',
          error_json: null,
          model: original.model,
          model_digest: original.modelDigest,
          options_json: null,
          metrics_json: null,
          created_at: now,
          updated_at: now,
          edited: 1,
        })
        .execute();
      await trx
        .updateTable('chats')
        .set({ current_leaf_id: id, updated_at: now })
        .where('id', '=', original.chatId)
        .execute();
      const [row] = await selectMessagesByIds(trx, [id]);
      if (!row) throw new NotFoundError('Message', id);
      return toMessage(row);
    });
  }

  /**
   * Deletes the message and everything below it in one transaction. When the chat's current leaf
   * was inside, it moves to the nearest remaining sibling's newest leaf (the older sibling first,
   * as the branch switcher would step back), else to the parent, else to nothing. Blob files no
   * other attachment references are removed afterwards; the search index follows by its triggers.
   */
  async deleteSubtree(chatId: string, messageId: string): Promise<DeletedSubtree> {
    const target = await this.messageOf(chatId, messageId);
    return this.blobs.withLock(async () => {
      const outcome = await this.db.transaction().execute(async (trx) => {
        const ids = await new MessageTree(trx, this.blobs, this.newId).subtreeIds(messageId);
        const inside = new Set(ids);
        const chat = await trx
          .selectFrom('chats')
          .select('current_leaf_id')
          .where('id', '=', chatId)
          .executeTakeFirstOrThrow();
        let leaf = chat.current_leaf_id;
        if (leaf === null || inside.has(leaf)) {
          leaf = await replacementLeaf(trx, chatId, target);
        }
        const sha256s = new Set<string>();
        for (const part of chunks(ids)) {
          const rows = await trx.selectFrom('attachments').select('sha256').where('message_id', 'in', part).execute();
          for (const r of rows) sha256s.add(r.sha256);
        }
        // Detached first: a cascade through parent_id would recurse once per level and hit SQLite's
        // trigger depth limit on deep subtrees; the attachment and metrics cascades are one level.
        await sql`WITH RECURSIVE sub(id) AS (
            SELECT id FROM messages WHERE id = ${messageId}
            UNION ALL
            SELECT m.id FROM messages m JOIN sub ON m.parent_id = sub.id
          )
          UPDATE messages SET parent_id = NULL WHERE id IN (SELECT id FROM sub) AND id <> ${messageId}`.execute(trx);
        for (const part of chunks(ids)) await trx.deleteFrom('messages').where('id', 'in', part).execute();
        await trx
          .updateTable('chats')
          .set({ current_leaf_id: leaf, updated_at: isoNow() })
          .where('id', '=', chatId)
          .execute();
        return { deleted: ids.length, currentLeafId: leaf, sha256s: [...sha256s] };
      });
      await this.blobs.removeUnreferenced(outcome.sha256s);
      return { deleted: outcome.deleted, currentLeafId: outcome.currentLeafId };
    });
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function forkTitle(title: string): string {
  const base = title.trim() || DEFAULT_CHAT_TITLE;
  const named = base.endsWith('(fork)') ? base : `${base} (fork)`;
  return named.length > MAX_FORK_TITLE_CHARS ? `${named.slice(0, MAX_FORK_TITLE_CHARS - 1)}…` : named;
}

/** Where the chat's current leaf goes when `removed` (and its subtree) is deleted. */
async function replacementLeaf(db: Kysely<Database>, chatId: string, removed: Message): Promise<string | null> {
  const siblings = removed.siblingIds.filter((id) => id !== removed.id);
  const index = removed.siblingIds.indexOf(removed.id);
  const older = removed.siblingIds.slice(0, Math.max(0, index)).filter((id) => id !== removed.id);
  const pick = older.at(-1) ?? siblings[0] ?? null;
  if (pick === null) return removed.parentId;
  return newestLeafUnder(db, chatId, pick);
}

/** Descends from `id` along the newest child, as the branch view does. */
async function newestLeafUnder(db: Kysely<Database>, chatId: string, id: string): Promise<string> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM messages WHERE id = ${id} AND chat_id = ${chatId}
      UNION ALL
      SELECT (SELECT c.id FROM messages c WHERE c.parent_id = down.id ORDER BY c.created_at DESC, c.id DESC LIMIT 1),
             down.depth + 1
        FROM down WHERE down.id IS NOT NULL
    )
    SELECT id FROM down WHERE id IS NOT NULL ORDER BY depth DESC LIMIT 1`.execute(db);
  return result.rows[0]?.id ?? id;
}
