/** Schemas of `POST /api/chats` with a first message (src/shared/new-chat-api.ts). */
import * as z from 'zod';
import { MAX_ATTACHMENTS, MAX_MESSAGE_CHARS } from '../../shared/limits';
import type { CreateChatWithMessageBody, FirstMessage } from '../../shared/new-chat-api';
import { ChatOptionsSchema, CreateChatBodySchema } from './chats';
import { matches } from './contract-check';
import { AttachmentUploadSchema } from './messages';

/** The same rules as `SendMessageBodySchema`, without `parentId` and `model` (a new chat has neither choice). */
export const FirstMessageSchema = matches<FirstMessage>()(
  z
    .object({
      content: z.string().max(MAX_MESSAGE_CHARS),
      attachments: z.array(AttachmentUploadSchema).max(MAX_ATTACHMENTS).optional(),
      options: ChatOptionsSchema.optional(),
    })
    .strict()
    .refine((b) => b.content.trim().length > 0 || (b.attachments?.length ?? 0) > 0, {
      message: 'content must not be empty',
      path: ['content'],
    }),
);

export const CreateChatWithMessageBodySchema = matches<CreateChatWithMessageBody>()(
  CreateChatBodySchema.extend({ firstMessage: FirstMessageSchema.optional() }).strict(),
);
