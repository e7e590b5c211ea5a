/**
 * Writes what `readImport` yields: every chat of one file in ONE transaction, so a broken or
 * truncated file changes nothing (the ImportFormatError says what is wrong and where). New ULIDs
 * are minted; the source's ids are kept only as (source_app, source_id) on the chat, which makes a
 * second import of the same file skip it, or replace it when the source changed it since.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AttachmentKind } from '../../shared/api';
import { decodeUtf8Text } from '../../shared/file-sniff';
import { CHARS_PER_TOKEN, estimateTextTokens, TOKENS_PER_IMAGE } from '../../shared/token-estimate';
import type { Logger } from '../../utils/logger';
import { writeAnswerMetrics } from './answer-metrics';
import type { AttachmentBlobs } from './attachment-blobs';
import { BLOB_DIR } from './blob-store';
import { writeImportedImageRecords } from './image-portability';
import { contentTokens } from './message-chain';
import {
  type ImportFormat,
  type ImportLocation,
  type ImportNote,
  type ImportSource,
  type PortableAttachment,
  type PortableChat,
  type PortableSource,
  type ReadImportOptions,
  readImport,
} from './portability';
import { roleOf, toGenerationMetrics } from './portable-rows';
import type { Database, NewAttachmentRow, NewMessageRow } from './schema';

export interface ImportedChat {
  chatId: string;
  source: PortableSource;
  title: string;
  messages: number;
  /** `updated`: the chat was imported before and the file has a newer version of it. */
  action: 'created' | 'updated';
  location: ImportLocation;
}

export interface ImportResult {
  format: ImportFormat | null;
  imported: ImportedChat[];
  skipped: ImportNote[];
  warnings: ImportNote[];
  /** How many chats were written (created or updated). */
  chats: number;
}

/** Rows per INSERT: well under SQLite's 32,766 bound parameters with 15 columns. */
const ROWS_PER_INSERT = 500;

interface ImportState {
  result: ImportResult;
  importedAt: string;
  /** sha256 of blob files this import created (removed again if it fails). */
  createdBlobs: string[];
  /** sha256 → size of the bytes this import has put on disk. */
  storedBlobs: Map<string, number>;
  /** sha256 → estimated tokens of those bytes that are text (a text file's tokens come from its text). */
  blobTextTokens: Map<string, number>;
  /** Attachments whose bytes come later in the file (our format's `blobs`). */
  pending: Array<{ row: NewAttachmentRow; location: ImportLocation }>;
  /** Blobs of chats this import replaced: freed after the commit when nothing references them. */
  replacedBlobs: string[];
}

export class ImportWriter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: AttachmentBlobs,
    private readonly newId: () => string,
    private readonly logger: Logger,
  ) {}

  import(source: ImportSource, options: ReadImportOptions = {}): Promise<ImportResult> {
    return this.blobs.withLock(async () => {
      const state: ImportState = {
        result: { format: null, imported: [], skipped: [], warnings: [], chats: 0 },
        importedAt: new Date().toISOString(),
        createdBlobs: [],
        storedBlobs: new Map(),
        blobTextTokens: new Map(),
        pending: [],
        replacedBlobs: [],
      };
      try {
        await this.db.transaction().execute(async (trx) => {
          for await (const item of readImport(source, options)) {
            switch (item.kind) {
              case 'format':
                state.result.format ??= item.format;
                break;
              case 'note':
                (item.note.level === 'skipped' ? state.result.skipped : state.result.warnings).push(item.note);
                break;
              case 'blob':
                await this.storeBlob(item.data, state);
                break;
              case 'chat':
                await this.writeChat(trx, item.chat, item.location, state);
                break;
            }
          }
          await this.insertPending(trx, state);
        });
      } catch (err) {
        await this.blobs
          .removeUnreferenced(state.createdBlobs)
          .catch((cleanupErr: unknown) =>
            this.logger.warn({ err: cleanupErr }, 'could not clean up blobs of a failed import'),
          );
        throw err;
      }
      await this.blobs.removeUnreferenced(state.replacedBlobs);
      state.result.chats = state.result.imported.length;
      return state.result;
    });
  }

  private async storeBlob(data: Uint8Array, state: ImportState): Promise<{ sha256: string; blobPath: string }> {
    const blob = await this.blobs.store.put(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    if (blob.created) state.createdBlobs.push(blob.sha256);
    state.storedBlobs.set(blob.sha256, blob.size);
    const text = decodeUtf8Text(data);
    if (text !== null) state.blobTextTokens.set(blob.sha256, estimateTextTokens(text));
    return blob;
  }

  private async writeChat(
    trx: Transaction<Database>,
    chat: PortableChat,
    location: ImportLocation,
    state: ImportState,
  ): Promise<void> {
    const key = sourceKey(chat);
    const existing = await findExisting(trx, key, chat);
    if (existing && !(Date.parse(chat.updatedAt) > Date.parse(existing.knownUpdatedAt))) {
      state.result.skipped.push({
        level: 'skipped',
        reason: `"${chat.title}" was imported before and has not changed since`,
        location,
      });
      return;
    }
    const chatId = existing?.id ?? this.newId();
    if (existing) await this.clearMessages(trx, chatId, state);

    const ids = new Map<string, string>();
    const messageRows: NewMessageRow[] = [];
    const attachmentRows: NewAttachmentRow[] = [];
    const metrics: Array<Parameters<typeof writeAnswerMetrics>[1]> = [];
    for (const m of chat.messages) {
      const id = this.newId();
      ids.set(m.sourceId, id);
      const role = roleOf(m.role);
      const answerMetrics = role === 'assistant' ? toGenerationMetrics(m.metrics) : null;
      messageRows.push({
        id,
        chat_id: chatId,
        parent_id: m.parentSourceId === null ? null : (ids.get(m.parentSourceId) ?? null),
        role,
        content: m.content,
        content_tokens: contentTokens(m.content, m.status),
        thinking: m.thinking ?? '',
        status: m.status,
        error_json: m.error ? JSON.stringify(m.error) : null,
        model: m.model,
        model_digest: m.modelDigest ?? null,
        options_json: m.options == null ? null : JSON.stringify(m.options),
        metrics_json: answerMetrics === null ? null : JSON.stringify(answerMetrics),
        created_at: m.createdAt,
        updated_at: m.updatedAt,
        edited: m.edited ? 1 : 0,
      });
      if (answerMetrics && m.status === 'complete' && m.model) {
        metrics.push({
          messageId: id,
          model: m.model,
          modelDigest: m.modelDigest ?? null,
          status: m.status,
          metrics: answerMetrics,
          finishedAt: m.updatedAt,
        });
      }
      for (const a of m.attachments ?? []) {
        const where = { ...location, messageId: m.sourceId };
        if (a.sha256 === null) continue; // a placeholder: the importer has noted it already
        const kept = importedKind(a);
        if (!kept) {
          state.result.warnings.push({
            level: 'warning',
            reason: `attachment "${a.name}" left out: this app keeps images, text files and PDFs with their text`,
            location: where,
          });
          continue;
        }
        const stored = a.data ? await this.storeBlob(a.data, state) : null;
        const size = a.data?.byteLength ?? a.size ?? 0;
        const row: NewAttachmentRow = {
          id: this.newId(),
          message_id: id,
          kind: kept,
          name: a.name,
          mime: a.mime,
          size,
          sha256: stored?.sha256 ?? a.sha256,
          text: kept === 'pdf' ? (a.text ?? null) : null,
          tokens: importedTokens(kept, a, size, state),
          pages: kept === 'pdf' ? countPages(a.text ?? '') : null,
          blob_path: stored?.blobPath ?? `${BLOB_DIR}/${a.sha256}`,
        };
        if (stored) attachmentRows.push(row);
        else state.pending.push({ row, location: where });
      }
    }
    const leaf =
      (chat.currentLeafSourceId === null ? undefined : ids.get(chat.currentLeafSourceId)) ??
      messageRows.at(-1)?.id ??
      null;
    const chatRow = {
      title: chat.title,
      // ChatGPT's models are not Ollama's: such a chat continues with the default model (each
      // answer still names the model that wrote it).
      model: chat.source.app === 'chatgpt' ? null : chat.model,
      system_prompt: chat.systemPrompt ?? '',
      options_json: JSON.stringify(chat.options),
      pinned: chat.pinned ? 1 : 0,
      archived: chat.archived ? 1 : 0,
      created_at: chat.createdAt,
      updated_at: chat.updatedAt,
      current_leaf_id: leaf,
      source_app: key.app,
      source_id: key.id,
      source_updated_at: chat.updatedAt,
      imported_at: state.importedAt,
    };
    if (existing) await trx.updateTable('chats').set(chatRow).where('id', '=', chatId).execute();
    else
      await trx
        .insertInto('chats')
        .values({ id: chatId, ...chatRow })
        .execute();
    for (let at = 0; at < messageRows.length; at += ROWS_PER_INSERT) {
      await trx
        .insertInto('messages')
        .values(messageRows.slice(at, at + ROWS_PER_INSERT))
        .execute();
    }
    for (let at = 0; at < attachmentRows.length; at += ROWS_PER_INSERT) {
      await trx
        .insertInto('attachments')
        .values(attachmentRows.slice(at, at + ROWS_PER_INSERT))
        .execute();
    }
    for (const answer of metrics) await writeAnswerMetrics(trx, answer);
    await writeImportedImageRecords(trx, chat.messages, ids);
    state.result.imported.push({
      chatId,
      source: chat.source,
      title: chat.title,
      messages: messageRows.length,
      action: existing ? 'updated' : 'created',
      location,
    });
  }

  /** A newer version replaces the whole tree; the chat keeps its id (links to it stay valid). */
  private async clearMessages(trx: Transaction<Database>, chatId: string, state: ImportState): Promise<void> {
    const blobs = await trx
      .selectFrom('attachments as a')
      .innerJoin('messages as m', 'm.id', 'a.message_id')
      .where('m.chat_id', '=', chatId)
      .select('a.sha256')
      .distinct()
      .execute();
    state.replacedBlobs.push(...blobs.map((b) => b.sha256));
    // Detach first: cascading through parent_id recurses once per level (SQLite's trigger depth limit).
    await trx
      .updateTable('messages')
      .set({ parent_id: null })
      .where('chat_id', '=', chatId)
      .where('parent_id', 'is not', null)
      .execute();
    await trx.deleteFrom('messages').where('chat_id', '=', chatId).execute();
  }

  /** Attachments whose bytes were to come later: kept when the bytes arrived (or were stored already). */
  private async insertPending(trx: Transaction<Database>, state: ImportState): Promise<void> {
    const ready: NewAttachmentRow[] = [];
    for (const { row, location } of state.pending) {
      const size = state.storedBlobs.get(row.sha256);
      // The size the file claims may be wrong (ChatGPT's metadata): the bytes decide.
      if (size !== undefined) row.size = size;
      if (row.kind === 'text') row.tokens = state.blobTextTokens.get(row.sha256) ?? row.tokens;
      const known =
        size !== undefined ||
        (await trx
          .selectFrom('attachments')
          .select('id')
          .where('sha256', '=', row.sha256)
          .limit(1)
          .executeTakeFirst()) !== undefined;
      if (known) ready.push(row);
      else {
        state.result.warnings.push({
          level: 'warning',
          reason: `attachment "${row.name}" left out: its bytes are not in the file`,
          location,
        });
      }
    }
    for (let at = 0; at < ready.length; at += ROWS_PER_INSERT) {
      await trx
        .insertInto('attachments')
        .values(ready.slice(at, at + ROWS_PER_INSERT))
        .execute();
    }
  }
}

/**
 * The identity of an imported chat. A chat exported by this app that itself came from elsewhere
 * keeps that origin, so ChatGPT → here → export → another instance is still "the same" chat.
 */
function sourceKey(chat: PortableChat): { app: string; id: string } {
  if (chat.source.app === 'ollama-chat' && chat.origin) return { app: chat.origin.app, id: chat.origin.id };
  return { app: chat.source.app, id: chat.source.id };
}

async function findExisting(
  trx: Transaction<Database>,
  key: { app: string; id: string },
  chat: PortableChat,
): Promise<{ id: string; knownUpdatedAt: string } | null> {
  const bySource = await trx
    .selectFrom('chats')
    .select(['id', 'source_updated_at', 'updated_at'])
    .where('source_app', '=', key.app)
    .where('source_id', '=', key.id)
    .executeTakeFirst();
  // Our own export imported back into the database it came from: the chat is still here.
  const row =
    bySource ??
    (key.app === 'ollama-chat'
      ? await trx
          .selectFrom('chats')
          .select(['id', 'source_updated_at', 'updated_at'])
          .where('id', '=', chat.source.id)
          .executeTakeFirst()
      : undefined);
  return row ? { id: row.id, knownUpdatedAt: row.source_updated_at ?? row.updated_at } : null;
}

/**
 * What an imported attachment becomes here: images and text files as they are; a PDF only with its
 * extracted text (the model reads that text, never the PDF's bytes); anything else is left out.
 */
function importedKind(a: PortableAttachment): AttachmentKind | null {
  if (a.kind === 'image' || a.kind === 'text') return a.kind;
  if (a.mime === 'application/pdf' && a.text) return 'pdf';
  return null;
}

/** As an upload counts them: from the text (given, or the bytes stored so far); from the size until the bytes come. */
function importedTokens(kind: AttachmentKind, a: PortableAttachment, size: number, state: ImportState): number {
  if (kind === 'image') return TOKENS_PER_IMAGE;
  if (a.text !== undefined) return estimateTextTokens(a.text);
  return (a.sha256 === null ? undefined : state.blobTextTokens.get(a.sha256)) ?? Math.ceil(size / CHARS_PER_TOKEN);
}

/** Pages of an exported PDF text, from its page markers (attachments/pdf-text.ts writes them). */
function countPages(text: string): number | null {
  const pages = text.match(/^--- page \d+ ---$/gm)?.length ?? 0;
  return pages > 0 ? pages : null;
}
