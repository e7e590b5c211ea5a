/** Schemas of chats: the chat itself, its options, and the bodies that create, change and list chats. */
import * as z from 'zod';
import type { Chat, CreateChatBody, ListChatsQuery, UpdateChatBody } from '../../shared/api';
import { CHAT_LIST_LIMIT, MAX_QUERY_CHARS, MAX_SYSTEM_PROMPT_CHARS, MAX_TITLE_CHARS } from '../../shared/limits';
import { ModelNameSchema } from './common';
import { matches } from './contract-check';
import { ChatOptionsSchema } from './parameters';

export { ChatOptionsSchema };

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
