/**
 * The wire contract between the backend and the GUI: plain types and constant lists, no zod.
 * The server's zod schemas (src/backend/schemas/) are checked against these types at compile time,
 * so the two cannot drift. Nothing here knows about Ollama's own wire format.
 */
import type { ErrorInfo } from './error-info';
import type { ImageGenerationRecord, ImageOptions, ImageProgress, ImageSettings, ModelBackend } from './image-api';
import type { ModelSettings } from './models-api';

export type { ErrorInfo } from './error-info';
export * from './limits';

export const MESSAGE_STATUSES = ['queued', 'streaming', 'complete', 'cancelled', 'error', 'interrupted'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const ROLES = ['system', 'user', 'assistant'] as const;
export type Role = (typeof ROLES)[number];

/** Ollama's final counters converted to milliseconds, plus what the server measured itself. */
export interface GenerationMetrics {
  /** Server-measured: generation start (leaving the queue) → first non-empty content/thinking. */
  ttftMs: number | null;
  totalDurationMs: number;
  loadDurationMs: number;
  promptEvalCount: number;
  promptEvalDurationMs: number;
  evalCount: number;
  evalDurationMs: number;
  /** eval_count / eval_duration; null when Ollama reported no duration. */
  tokensPerSecond: number | null;
  promptTokensPerSecond: number | null;
  doneReason: string | null;
  /** Earlier messages left out to fit the context window (DESIGN §4.6); absent on older answers. */
  droppedMessages?: number;
}

/** `text`: UTF-8 text of any kind (code, Markdown, CSV, logs); `pdf`: a PDF whose text the server extracted. */
export const ATTACHMENT_KINDS = ['image', 'text', 'pdf'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface Attachment {
  id: string;
  kind: AttachmentKind;
  name: string;
  mime: string;
  size: number;
  /** Content hash of the bytes: `GET /api/blobs/<sha256>` serves them. */
  sha256: string;
  /** Estimated tokens it adds to the context (token-estimate.ts); absent on attachments stored before it was recorded. */
  tokens?: number;
  /** Page count of a PDF. */
  pages?: number;
}

export interface Message {
  id: string;
  chatId: string;
  parentId: string | null;
  role: Role;
  content: string;
  thinking: string;
  status: MessageStatus;
  /** Always has a hint when read from the server (older stored errors get one filled in). */
  error: ErrorInfo | null;
  model: string | null;
  modelDigest: string | null;
  metrics: GenerationMetrics | null;
  /** Assistant answers: what was sent to Ollama (absent on answers older than migration 006). */
  params?: GenerationParams | null;
  attachments: Attachment[];
  /** Image answers: backend, model, parameters, seed and timing (src/shared/image-api.ts). */
  imageGeneration?: ImageGenerationRecord | null;
  createdAt: string;
  updatedAt: string;
  /** Ids of all children of this message's parent, this one included, oldest first. */
  siblingIds: string[];
  /** An assistant answer the user wrote over (a sibling of the model's answer); absent otherwise. */
  edited?: boolean;
}

export const THINK_LEVELS = ['low', 'medium', 'high'] as const;
export type ThinkLevel = (typeof THINK_LEVELS)[number];

/** Ollama runtime options a chat or a single message may set (ranges: src/shared/parameters.ts). */
export interface ChatOptions {
  temperature?: number;
  top_k?: number;
  top_p?: number;
  min_p?: number;
  num_ctx?: number;
  num_predict?: number;
  seed?: number;
  repeat_penalty?: number;
  stop?: string[];
  /** Thinking models only; omitted = Ollama's default (on). */
  think?: boolean | ThinkLevel;
  /** Seconds or a Go duration (KEEP_ALIVE_DURATION_PATTERN). */
  keep_alive?: number | string;
  /** `json` makes Ollama constrain the answer to valid JSON. */
  format?: 'json';
}

export interface Chat {
  id: string;
  title: string;
  model: string | null;
  systemPrompt: string;
  options: ChatOptions;
  pinned: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  currentLeafId: string | null;
  /** True while a generation of this chat is queued or streaming. */
  generating: boolean;
}

export interface ChatList {
  chats: Chat[];
  nextCursor: string | null;
}

export interface CreateChatBody {
  title?: string;
  model?: string | null;
  systemPrompt?: string;
  options?: ChatOptions;
}

export interface UpdateChatBody extends CreateChatBody {
  pinned?: boolean;
  archived?: boolean;
}

/** `GET /api/chats?cursor=&limit=&q=` after the server applied its defaults. */
export interface ListChatsQuery {
  cursor?: string;
  limit: number;
  q?: string;
}

export interface AttachmentUpload {
  name: string;
  mime: string;
  /** Plain base64 or a data: URL; the server strips the prefix. */
  data: string;
}

export interface SendMessageBody {
  content: string;
  /** Defaults to the chat's current leaf; `null` starts a new root branch. */
  parentId?: string | null;
  attachments?: AttachmentUpload[];
  /** Overrides (and updates) the chat's model. */
  model?: string;
  options?: ChatOptions;
  /** Image models only: size, steps, seed, count. */
  image?: ImageOptions;
}

/** `POST /api/messages/:id/regenerate` (body optional): another model for the new answer. */
export interface RegenerateBody {
  model?: string;
}

export interface SendMessageResponse {
  userMessage: Message;
  assistantMessage: Message;
  generationId: string;
}

export interface RegenerateResponse {
  assistantMessage: Message;
  generationId: string;
}

/**
 * `GET /api/chats/:id/messages`: the branch ending at `leaf` (default the chat's current one), or with `before`
 * the messages above that one on its path. With `limit`, only the newest `limit` of them come, and `older`
 * tells what precedes them, so a long chat opens from its end and loads upwards as the reader scrolls.
 * A `before` page has no `older`: what lies above it is the first page's `older` less the pages loaded since
 * (`olderAbove` in context-plan.ts). `leaf` and `before` exclude each other.
 */
export interface MessagesQuery {
  leaf?: string | null;
  before?: string;
  limit?: number;
}

/** The part of a branch above the first message sent: what the GUI needs without loading it. */
export interface OlderMessages {
  /** Messages of the branch before the first one sent (every role). */
  count: number;
  /** Of those, `system` messages (an imported chat's first one): the message list shows no row for them. */
  system: number;
  /**
   * The estimated context tokens of each of those that is a context turn (`isContextTurn`), oldest first:
   * the context meter predicts with them where it has no text.
   */
  turnTokens: number[];
  /** The oldest turn's first line (at most `OLDER_PREVIEW_CHARS`), for "from “…” on". */
  firstText: string;
  /**
   * The answers among those turns whose counts may calibrate the estimate (`calibrationCount`): by index in
   * `turnTokens`, oldest first. In a long chat the newest answer that saw its whole conversation is often above
   * the loaded part; the meter calibrates with it as the server does.
   */
  measured: { turn: number; promptEvalCount: number }[];
}

export interface MessagesResponse {
  chat: Chat;
  /** The active branch (or its part asked for), root first. */
  messages: Message[];
  /** Only when messages of the branch above `messages` were left out (`limit`), and not for a `before` page. */
  older?: OlderMessages;
}

export interface GenerationInfo {
  id: string;
  chatId: string;
  messageId: string;
  model: string;
  status: 'queued' | 'streaming';
}

/** Server-sent events of `GET /api/generations/:id/events` (DESIGN §4.4). */
export const SSE_EVENTS = {
  snapshot: 'snapshot',
  delta: 'delta',
  status: 'status',
  done: 'done',
  error: 'error',
  cancelled: 'cancelled',
} as const;

export interface SnapshotEvent {
  messageId: string;
  content: string;
  thinking: string;
  status: MessageStatus;
  /** Image answers while they are being made. */
  imageProgress?: ImageProgress;
}

export interface DeltaEvent {
  content?: string;
  thinking?: string;
}

/** Sent when a queued generation starts streaming (an addition to DESIGN §4.4, purely informative). */
export interface StatusEvent {
  status: MessageStatus;
}

export interface DoneEvent {
  message: Message;
  metrics: GenerationMetrics | null;
}

/** The `error` event: code, message and the hint with the next step. */
export type ErrorEvent = ErrorInfo;

export interface ModelSummary {
  /** Always `name:tag`, as Ollama's /api/tags lists it. */
  name: string;
  size: number;
  digest: string;
  modifiedAt: string;
  family: string | null;
  parameterSize: string | null;
  quantization: string | null;
  contextLength: number | null;
  /** Ollama's list (completion, tools, insert, vision, embedding, thinking, image, audio); newer versions may add more. */
  capabilities: string[];
  /** False for embedding-only and image-generation models (see modelKind in image-api.ts). */
  canChat: boolean;
  /** Absent = Ollama. */
  backend?: ModelBackend;
}

export interface ModelList {
  models: ModelSummary[];
  fetchedAt: string;
}

export interface ModelDetails extends ModelSummary {
  parameters: string;
  template: string;
  system: string;
  license: string;
  modelInfo: Record<string, unknown>;
}

export interface Health {
  ok: boolean;
  version: string;
  /**
   * The GUI build this server serves: the address of its index.html's module script (the bundler names
   * that file by a hash covering every chunk it loads). A tab whose own page names another script runs an
   * older (or newer) GUI than the server's, and offers a reload. Null when the server serves no GUI.
   */
  gui: string | null;
  ollama: {
    reachable: boolean;
    version: string | null;
    host: string;
    error: ErrorInfo | null;
  };
}

/** Settings of presets and generated titles (src/shared/presets-api.ts). */
export interface PresetSettings {
  defaultPresetId?: string | null;
  /** Generate a short title after a chat's first answer; absent = on. */
  generateTitles?: boolean;
  /** Model for titles; absent or null = the chat's own model. */
  titleModel?: string | null;
}

/** What was sent to Ollama for one answer (Message.params). */
export interface GenerationParams {
  model: string;
  /** Ollama's `options` object as sent (temperature, num_ctx, stop, …). */
  options: Omit<ChatOptions, 'think' | 'keep_alive' | 'format'>;
  think?: boolean | ThinkLevel;
  format?: 'json';
  keepAlive?: number | string;
  /** The context window the answer was fitted into: num_ctx as sent, else the model's context length; null = unknown. */
  numCtx: number | null;
}

/** `GET/PUT /api/settings`; every key optional (absent = the default). */
export interface Settings extends ModelSettings, ImageSettings, PresetSettings {
  defaultModel?: string | null;
  defaultSystemPrompt?: string;
}
