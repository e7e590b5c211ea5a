/** Schemas of messages and sending them. */
import * as z from 'zod';
import {
  ATTACHMENT_KINDS,
  type Attachment,
  type AttachmentUpload,
  type GenerationMetrics,
  MESSAGE_STATUSES,
  type Message,
  type MessagesResponse,
  ROLES,
  type SendMessageBody,
} from '../../shared/api';
import {
  MAX_ATTACHMENT_NAME_CHARS,
  MAX_ATTACHMENTS,
  MAX_ID_CHARS,
  MAX_MESSAGE_CHARS,
  OLDER_PREVIEW_CHARS,
} from '../../shared/limits';
import { ATTACHMENT_MESSAGES } from '../error-hints';
import { ChatOptionsSchema, ChatSchema } from './chats';
import { ErrorInfoSchema, ModelNameSchema } from './common';
import { matches } from './contract-check';
import { ImageGenerationRecordSchema, ImageOptionsSchema } from './images';
import { GenerationParamsSchema } from './presets';

export const MessageStatusSchema = z.enum(MESSAGE_STATUSES);
export const RoleSchema = z.enum(ROLES);

export const GenerationMetricsSchema = matches<GenerationMetrics>()(
  z.object({
    ttftMs: z.number().nullable(),
    totalDurationMs: z.number(),
    loadDurationMs: z.number(),
    promptEvalCount: z.number(),
    promptEvalDurationMs: z.number(),
    evalCount: z.number(),
    evalDurationMs: z.number(),
    tokensPerSecond: z.number().nullable(),
    promptTokensPerSecond: z.number().nullable(),
    doneReason: z.string().nullable(),
    droppedMessages: z.number().optional(),
  }),
);

export const AttachmentSchema = matches<Attachment>()(
  z.object({
    id: z.string(),
    kind: z.enum(ATTACHMENT_KINDS),
    name: z.string(),
    mime: z.string(),
    size: z.number(),
    sha256: z.string(),
    tokens: z.number().optional(),
    pages: z.number().optional(),
  }),
);

export const MessageSchema = matches<Message>()(
  z.object({
    id: z.string(),
    chatId: z.string(),
    parentId: z.string().nullable(),
    role: RoleSchema,
    content: z.string(),
    thinking: z.string(),
    status: MessageStatusSchema,
    error: ErrorInfoSchema.nullable(),
    model: z.string().nullable(),
    modelDigest: z.string().nullable(),
    metrics: GenerationMetricsSchema.nullable(),
    params: GenerationParamsSchema.nullable().optional(),
    attachments: z.array(AttachmentSchema),
    imageGeneration: ImageGenerationRecordSchema.nullable().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    siblingIds: z.array(z.string()),
    edited: z.boolean().optional(),
  }),
);

export const AttachmentUploadSchema = matches<AttachmentUpload>()(
  z
    .object({
      name: z.string().min(1).max(MAX_ATTACHMENT_NAME_CHARS),
      mime: z.string().min(1).max(100),
      data: z.string().min(1),
    })
    .strict(),
);

export const SendMessageBodySchema = matches<SendMessageBody>()(
  z
    .object({
      content: z.string().max(MAX_MESSAGE_CHARS),
      parentId: z.string().max(MAX_ID_CHARS).nullable().optional(),
      attachments: z
        .array(AttachmentUploadSchema)
        .max(MAX_ATTACHMENTS, { message: ATTACHMENT_MESSAGES.tooManyFiles(MAX_ATTACHMENTS) })
        .optional(),
      model: ModelNameSchema.optional(),
      options: ChatOptionsSchema.optional(),
      image: ImageOptionsSchema.optional(),
    })
    .strict()
    .refine((b) => b.content.trim().length > 0 || (b.attachments?.length ?? 0) > 0, {
      message: 'content must not be empty',
      path: ['content'],
    }),
);

export const MessagesResponseSchema = matches<MessagesResponse>()(
  z.object({
    chat: ChatSchema,
    messages: z.array(MessageSchema),
    older: z
      .object({
        count: z.number().int().positive(),
        system: z.number().int().nonnegative(),
        turnTokens: z.array(z.number().int().nonnegative()),
        firstText: z.string().max(OLDER_PREVIEW_CHARS),
        measured: z.array(
          z.object({ turn: z.number().int().nonnegative(), promptEvalCount: z.number().int().positive() }).strict(),
        ),
      })
      .optional(),
  }),
);
