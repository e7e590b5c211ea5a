/** What appendMessages accepts, and how a chain of new messages becomes rows. */
import type { AttachmentKind, ChatOptions, MessageStatus } from '../../shared/api';
import { estimateTextTokens } from '../../shared/token-estimate';
import type { StoredBlob } from './blob-store';
import type { NewAttachmentRow, NewMessageRow } from './schema';

export interface NewAttachment {
  kind: AttachmentKind;
  name: string;
  mime: string;
  data: Buffer;
  /** Estimated context tokens (shared/token-estimate.ts). */
  tokens?: number;
  pages?: number;
  /** Extracted text (PDFs); text files are read from their blob. */
  text?: string;
}

export interface NewMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  thinking?: string;
  status: MessageStatus;
  model?: string | null;
  options?: ChatOptions;
  attachments?: NewAttachment[];
}

/**
 * `messages.content_tokens` for a text stored with `status` (migration 012): its estimate, or null for an answer's
 * text that still grows (queued, streaming), which readers estimate themselves.
 */
export function contentTokens(content: string, status: MessageStatus): number | null {
  return status === 'queued' || status === 'streaming' ? null : estimateTextTokens(content);
}

export interface ChainRows {
  messageRows: NewMessageRow[];
  attachmentRows: NewAttachmentRow[];
  /** Id of the last message: the chat's new current leaf. */
  leafId: string;
}

/**
 * Rows for `messages` chained under `parentId`: each message's parent is the one before it.
 * `blobs[i][j]` is the stored blob of `messages[i].attachments[j]`.
 */
export function buildChainRows(input: {
  chatId: string;
  parentId: string | null;
  messages: readonly NewMessage[];
  blobs: readonly (readonly StoredBlob[])[];
  newId: () => string;
  now: string;
}): ChainRows {
  const { chatId, messages, blobs, newId, now } = input;
  const messageRows: NewMessageRow[] = [];
  const attachmentRows: NewAttachmentRow[] = [];
  let previousId = input.parentId;
  messages.forEach((message, i) => {
    const id = newId();
    messageRows.push({
      id,
      chat_id: chatId,
      parent_id: previousId,
      role: message.role,
      content: message.content,
      content_tokens: contentTokens(message.content, message.status),
      thinking: message.thinking ?? '',
      status: message.status,
      error_json: null,
      model: message.model ?? null,
      model_digest: null,
      options_json: message.options === undefined ? null : JSON.stringify(message.options),
      metrics_json: null,
      created_at: now,
      updated_at: now,
    });
    (message.attachments ?? []).forEach((attachment, j) => {
      const blob = blobs[i]?.[j];
      // A programming error, not user input: the caller stores every attachment before building rows.
      if (!blob) throw new Error(`attachment ${j} of message ${i} has no stored blob`);
      attachmentRows.push({
        id: newId(),
        message_id: id,
        kind: attachment.kind,
        name: attachment.name,
        mime: attachment.mime,
        size: blob.size,
        sha256: blob.sha256,
        text: attachment.text ?? null,
        blob_path: blob.blobPath,
        tokens: attachment.tokens ?? null,
        pages: attachment.pages ?? null,
      });
    });
    previousId = id;
  });
  if (previousId === null || messageRows.length === 0) throw new Error('a message chain needs at least one message');
  return { messageRows, attachmentRows, leafId: previousId };
}
