/**
 * The wire contract between the backend and the GUI: zod schemas and the types inferred from them.
 * Both sides import this file; nothing here knows about Ollama's own wire format.
 */
import { z } from 'zod';

import { MAX_ATTACHMENTS, MAX_MESSAGE_CHARS } from './limits';
import { KEEP_ALIVE_DURATION_PATTERN } from './model-name';
import { ModelSettingsSchema } from './models-api';

export * from './limits';

export const MessageStatusSchema = z.enum([
  'queued',
  'streaming',
  'complete',
  'cancelled',
  'error',
  'interrupted',
]);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

export const RoleSchema = z.enum(['system', 'user', 'assistant']);
export type Role = z.infer<typeof RoleSchema>;

export const ErrorHintSchema = z.object({
  text: z.string(),
  command: z.string().optional(),
  action: z.enum(['retry', 'continue', 'pull_model', 'switch_model', 'open_models', 'open_settings', 'reload']).optional(),
});

export const ErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: ErrorHintSchema.optional(),
  details: z.unknown().optional(),
});
export type { ErrorAction, ErrorBody, ErrorHint, ErrorInfo } from './error-info';

/** What `{ error: {...} }` bodies of every failed API request look like. */
export const ErrorBodySchema = z.object({ error: ErrorInfoSchema });

/** Ollama's final counters converted to milliseconds, plus what the server measured itself. */
export const GenerationMetricsSchema = z.object({
  /** Server-measured: generation start (leaving the queue) → first non-empty content/thinking. */
  ttftMs: z.number().nullable(),
  totalDurationMs: z.number(),
  loadDurationMs: z.number(),
  promptEvalCount: z.number(),
  promptEvalDurationMs: z.number(),
  evalCount: z.number(),
  evalDurationMs: z.number(),
  /** eval_count / eval_duration; null when Ollama reported no duration. */
  tokensPerSecond: z.number().nullable(),
  promptTokensPerSecond: z.number().nullable(),
  doneReason: z.string().nullable(),
  /** Earlier messages left out to fit the context window (DESIGN §4.6); absent on older answers. */
  droppedMessages: z.number().optional(),
});
export type GenerationMetrics = z.infer<typeof GenerationMetricsSchema>;

export const AttachmentSchema = z.object({
  id: z.string(),
  kind: z.enum(['image']),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const MessageSchema = z.object({
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
  attachments: z.array(AttachmentSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Ids of all children of this message's parent, this one included, oldest first. */
  siblingIds: z.array(z.string()),
});
export type Message = z.infer<typeof MessageSchema>;

/** Ollama runtime options a chat or a single message may set (validated loosely: Ollama ignores unknown keys). */
export const ChatOptionsSchema = z
  .object({
    temperature: z.number().min(0).max(5).optional(),
    top_k: z.number().int().min(0).optional(),
    top_p: z.number().min(0).max(1).optional(),
    min_p: z.number().min(0).max(1).optional(),
    num_ctx: z.number().int().min(256).max(4_194_304).optional(),
    num_predict: z.number().int().min(-2).optional(),
    seed: z.number().int().optional(),
    repeat_penalty: z.number().min(0).optional(),
    stop: z.array(z.string()).max(16).optional(),
    /** Thinking models only; omitted = Ollama's default (on). */
    think: z.union([z.boolean(), z.enum(['low', 'medium', 'high'])]).optional(),
    keep_alive: z.union([z.number(), z.string().max(100).regex(KEEP_ALIVE_DURATION_PATTERN)]).optional(),
  })
  .strict();
export type ChatOptions = z.infer<typeof ChatOptionsSchema>;

export const ChatSchema = z.object({
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
  /** True while a generation of this chat is queued or streaming. */
  generating: z.boolean(),
});
export type Chat = z.infer<typeof ChatSchema>;

export const ChatListSchema = z.object({
  chats: z.array(ChatSchema),
  nextCursor: z.string().nullable(),
});
export type ChatList = z.infer<typeof ChatListSchema>;

const titleField = z.string().trim().min(1, 'title must not be empty').max(200);
const modelField = z.string().trim().min(1).max(300);

export const CreateChatBodySchema = z
  .object({
    title: titleField.optional(),
    model: modelField.nullable().optional(),
    systemPrompt: z.string().max(50_000).optional(),
    options: ChatOptionsSchema.optional(),
  })
  .strict();
export type CreateChatBody = z.infer<typeof CreateChatBodySchema>;

export const UpdateChatBodySchema = z
  .object({
    title: titleField.optional(),
    model: modelField.nullable().optional(),
    systemPrompt: z.string().max(50_000).optional(),
    options: ChatOptionsSchema.optional(),
    pinned: z.boolean().optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type UpdateChatBody = z.infer<typeof UpdateChatBodySchema>;

export const ListChatsQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  q: z.string().max(200).optional(),
});

export const AttachmentUploadSchema = z
  .object({
    name: z.string().min(1).max(255),
    mime: z.string().min(1).max(100),
    /** Plain base64 or a data: URL; the server strips the prefix. */
    data: z.string().min(1),
  })
  .strict();
export type AttachmentUpload = z.infer<typeof AttachmentUploadSchema>;

export const SendMessageBodySchema = z
  .object({
    content: z.string().max(MAX_MESSAGE_CHARS),
    /** Defaults to the chat's current leaf; `null` starts a new root branch. */
    parentId: z.string().max(100).nullable().optional(),
    attachments: z.array(AttachmentUploadSchema).max(MAX_ATTACHMENTS).optional(),
    /** Overrides (and updates) the chat's model. */
    model: modelField.optional(),
    options: ChatOptionsSchema.optional(),
  })
  .strict()
  .refine((b) => b.content.trim().length > 0 || (b.attachments?.length ?? 0) > 0, {
    message: 'content must not be empty',
    path: ['content'],
  });
export type SendMessageBody = z.infer<typeof SendMessageBodySchema>;

export const SendMessageResponseSchema = z.object({
  userMessage: MessageSchema,
  assistantMessage: MessageSchema,
  generationId: z.string(),
});
export type SendMessageResponse = z.infer<typeof SendMessageResponseSchema>;

export const RegenerateResponseSchema = z.object({
  assistantMessage: MessageSchema,
  generationId: z.string(),
});
export type RegenerateResponse = z.infer<typeof RegenerateResponseSchema>;

export const MessagesResponseSchema = z.object({
  chat: ChatSchema,
  /** The active branch, root first. */
  messages: z.array(MessageSchema),
});
export type MessagesResponse = z.infer<typeof MessagesResponseSchema>;

export const GenerationInfoSchema = z.object({
  id: z.string(),
  chatId: z.string(),
  messageId: z.string(),
  model: z.string(),
  status: z.enum(['queued', 'streaming']),
});
export type GenerationInfo = z.infer<typeof GenerationInfoSchema>;

/** Server-sent events of `GET /api/generations/:id/events` (DESIGN §4.4). */
export const SSE_EVENTS = {
  snapshot: 'snapshot',
  delta: 'delta',
  status: 'status',
  done: 'done',
  error: 'error',
  cancelled: 'cancelled',
} as const;

export const SnapshotEventSchema = z.object({
  messageId: z.string(),
  content: z.string(),
  thinking: z.string(),
  status: MessageStatusSchema,
});
export type SnapshotEvent = z.infer<typeof SnapshotEventSchema>;

export const DeltaEventSchema = z.object({
  content: z.string().optional(),
  thinking: z.string().optional(),
});
export type DeltaEvent = z.infer<typeof DeltaEventSchema>;

/** Sent when a queued generation starts streaming (an addition to DESIGN §4.4, purely informative). */
export const StatusEventSchema = z.object({ status: MessageStatusSchema });
export type StatusEvent = z.infer<typeof StatusEventSchema>;

export const DoneEventSchema = z.object({
  message: MessageSchema,
  metrics: GenerationMetricsSchema.nullable(),
});
export type DoneEvent = z.infer<typeof DoneEventSchema>;

export const ErrorEventSchema = ErrorInfoSchema;
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;

export const CAPABILITIES = ['completion', 'tools', 'insert', 'vision', 'embedding', 'thinking', 'image', 'audio'] as const;

export const ModelSummarySchema = z.object({
  /** Always `name:tag`, as Ollama's /api/tags lists it. */
  name: z.string(),
  size: z.number(),
  digest: z.string(),
  modifiedAt: z.string(),
  family: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
  contextLength: z.number().nullable(),
  capabilities: z.array(z.string()),
  /** False for embedding-only and image-generation models. */
  canChat: z.boolean(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

export const ModelListSchema = z.object({
  models: z.array(ModelSummarySchema),
  fetchedAt: z.string(),
});
export type ModelList = z.infer<typeof ModelListSchema>;

export const ModelDetailsSchema = ModelSummarySchema.extend({
  parameters: z.string(),
  template: z.string(),
  system: z.string(),
  license: z.string(),
  modelInfo: z.record(z.string(), z.unknown()),
});
export type ModelDetails = z.infer<typeof ModelDetailsSchema>;

export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  ollama: z.object({
    reachable: z.boolean(),
    version: z.string().nullable(),
    host: z.string(),
    error: ErrorInfoSchema.nullable(),
  }),
});
export type Health = z.infer<typeof HealthSchema>;

export const SettingsSchema = z
  .object({
    defaultModel: z.string().max(300).nullable().optional(),
    defaultSystemPrompt: z.string().max(50_000).optional(),
    ...ModelSettingsSchema.shape,
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;
