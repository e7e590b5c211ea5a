/** Rows → the wire types of `shared/api.ts`. JSON columns are parsed here and nowhere else. */
import type {
  Attachment,
  Chat,
  ChatOptions,
  ErrorInfo,
  GenerationMetrics,
  GenerationParams,
  Message,
} from '../../shared/api';
import type { ContextMessage } from '../../shared/context-plan';
import type { ImageGenerationRecord } from '../../shared/image-api';
import { withHint } from '../error-hints';
import type { MessageCost, MessageTurnRow } from './message-queries';
import type { ChatRow, MessageRowWithRelations } from './schema';

export type ChatRecord = Omit<Chat, 'generating'>;

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Errors stored by older versions have no hint; one is worded when read. */
function storedError(json: string | null, model: string | null): ErrorInfo | null {
  const info = parseJson<ErrorInfo>(json);
  return info && withHint(info, model ? { model } : {});
}

export function toChatRecord(row: ChatRow): ChatRecord {
  return {
    id: row.id,
    title: row.title,
    model: row.model,
    systemPrompt: row.system_prompt,
    options: parseJson<ChatOptions>(row.options_json) ?? {},
    pinned: row.pinned === 1,
    archived: row.archived === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    currentLeafId: row.current_leaf_id,
  };
}

export function toMessage(row: MessageRowWithRelations): Message {
  return {
    id: row.id,
    chatId: row.chat_id,
    parentId: row.parent_id,
    role: row.role,
    content: row.content,
    thinking: row.thinking,
    status: row.status,
    error: storedError(row.error_json, row.model),
    model: row.model,
    modelDigest: row.model_digest,
    metrics: parseJson<GenerationMetrics>(row.metrics_json),
    ...(row.role === 'assistant' ? { params: parseJson<GenerationParams>(row.params_json) } : {}),
    attachments: parseJson<Attachment[]>(row.attachments_json) ?? [],
    ...(row.image_generation_json
      ? { imageGeneration: parseJson<ImageGenerationRecord>(row.image_generation_json) }
      : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    siblingIds: parseJson<string[]>(row.sibling_ids_json) ?? [],
    ...(row.edited === 1 ? { edited: true } : {}),
  };
}

/**
 * A message as the context estimate reads it: its text by estimate (`textTokens`), files by kind and tokens (a
 * file stored before 009 has none), an answer's counters (they may calibrate the estimate).
 */
export function toContextMessage(cost: MessageCost): ContextMessage {
  const [, , role, status, textTokens, promptEvalCount, droppedMessages, attachments] = cost;
  const metrics =
    promptEvalCount === null ? null : { promptEvalCount, ...(droppedMessages === null ? {} : { droppedMessages }) };
  return {
    role,
    content: '',
    textTokens,
    status,
    attachments: attachments.map((a) => (a.tokens === null ? { kind: a.kind } : { kind: a.kind, tokens: a.tokens })),
    ...(role === 'assistant' ? { metrics } : {}),
  };
}

/** A message as a model's context reads one it keeps (`pathTurnsQuery`): its text and its files. */
export type MessageTurn = Pick<Message, 'role' | 'status' | 'content' | 'attachments'>;

export function toMessageTurn(row: MessageTurnRow): MessageTurn {
  return {
    role: row.role,
    status: row.status,
    content: row.content,
    attachments: parseJson<Attachment[]>(row.attachments_json) ?? [],
  };
}
