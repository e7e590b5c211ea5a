/** Schemas of chats: the chat itself, its options, and the bodies that create, change and list chats. */
import { z } from 'zod';
import {
  type Chat,
  type ChatList,
  type ChatOptions,
  type CreateChatBody,
  type ListChatsQuery,
  THINK_LEVELS,
  type UpdateChatBody,
} from '../../shared/api';
import {
  CHAT_LIST_LIMIT,
  CHAT_OPTION_LIMITS as L,
  MAX_QUERY_CHARS,
  MAX_STOP_SEQUENCES,
  MAX_SYSTEM_PROMPT_CHARS,
  MAX_TITLE_CHARS,
} from '../../shared/limits';
import { KeepAliveSchema, ModelNameSchema } from './common';
import { matches } from './contract-check';

/** Validated loosely beyond the bounds: Ollama ignores unknown values of known keys itself. */
export const ChatOptionsSchema = matches<ChatOptions>()(
  z
    .object({
      temperature: z.number().min(L.temperature.min).max(L.temperature.max).optional(),
      top_k: z.number().int().min(L.top_k.min).optional(),
      top_p: z.number().min(L.top_p.min).max(L.top_p.max).optional(),
      min_p: z.number().min(L.min_p.min).max(L.min_p.max).optional(),
      num_ctx: z.number().int().min(L.num_ctx.min).max(L.num_ctx.max).optional(),
      num_predict: z.number().int().min(L.num_predict.min).optional(),
      seed: z.number().int().optional(),
      repeat_penalty: z.number().min(L.repeat_penalty.min).optional(),
      stop: z.array(z.string()).max(MAX_STOP_SEQUENCES).optional(),
      think: z.union([z.boolean(), z.enum(THINK_LEVELS)]).optional(),
      keep_alive: KeepAliveSchema.optional(),
    })
    .strict(),
);

export const ChatSchema = matches<Chat>()(
  z.object({
    id: z.string(),
    title: z.string(),
    model: z.string().nullable(),
    systemPrompt: z.string(),
    options: ChatOptionsSchema,
    pinned: z.boolean(),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    currentLeafId: z.string().nullable(),
    generating: z.boolean(),
  }),
);

export const ChatListSchema = matches<ChatList>()(
  z.object({ chats: z.array(ChatSchema), nextCursor: z.string().nullable() }),
);

const titleField = z.string().trim().min(1, 'title must not be empty').max(MAX_TITLE_CHARS);

const chatFields = {
  title: titleField.optional(),
  model: ModelNameSchema.nullable().optional(),
  systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_CHARS).optional(),
  options: ChatOptionsSchema.optional(),
};

export const CreateChatBodySchema = matches<CreateChatBody>()(z.object(chatFields).strict());

export const UpdateChatBodySchema = matches<UpdateChatBody>()(
  z.object({ ...chatFields, pinned: z.boolean().optional(), archived: z.boolean().optional() }).strict(),
);

export const ListChatsQuerySchema = matches<ListChatsQuery>()(
  z.object({
    cursor: z.string().max(MAX_QUERY_CHARS).optional(),
    limit: z.coerce.number().int().min(CHAT_LIST_LIMIT.min).max(CHAT_LIST_LIMIT.max).default(CHAT_LIST_LIMIT.default),
    q: z.string().max(MAX_QUERY_CHARS).optional(),
  }),
);
