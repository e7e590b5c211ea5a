import type {
  AttachmentKind,
  Chat,
  DeltaEvent,
  ErrorInfo,
  Message,
  MessageStatus,
  MessagesResponse,
  OlderMessages,
  SnapshotEvent,
} from '../../../shared/api';
import type { ImageOptions, ImageProgress } from '../../../shared/image-api';

/** A file chosen in the composer, kept as a data: URL for the preview and the upload. */
export interface LocalAttachment {
  id: string;
  name: string;
  mime: string;
  size: number;
  dataUrl: string;
  /** What the bytes are (absent = image, as before text and PDF files). */
  kind?: AttachmentKind;
  /** Estimated context tokens (shared/token-estimate.ts); a PDF's is known once the server has read it. */
  tokens?: number;
  pages?: number;
}

/** A message the user sent that the server has not accepted (yet): shown at once, never silently lost. */
export interface PendingSend {
  tempId: string;
  chatId: string;
  content: string;
  attachments: LocalAttachment[];
  /** Where it goes: after a message id, as a new root (null), or after the shown branch's end ('end'). */
  parentId: string | null | 'end';
  model: string | null;
  /** Image models: size, steps, seed, count. */
  image?: ImageOptions;
  status: 'sending' | 'failed';
  error: ErrorInfo | null;
}

/** The live state of one generation (keyed by the assistant message id, which is also the generation id). */
export interface LiveStream {
  content: string;
  thinking: string;
  status: MessageStatus;
  /** Client clock (ms) when reasoning text was first seen, and when the answer proper started. */
  thinkingStartedAt: number | null;
  thinkingEndedAt: number | null;
  /** Image answers: the image being made and its steps (gone with the live stream when the answer ends). */
  imageProgress?: ImageProgress;
}

export type LoadState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'error'; error: unknown; notFound: boolean };

/** Everything the GUI knows about one chat. Only the reducer makes a new one. */
export interface ThreadState {
  chatId: string;
  chat: Chat | null;
  /** The branch asked for: a leaf message id, or null for the chat's current leaf as the server knows it. */
  leaf: string | null;
  load: LoadState;
  /** The shown branch, root first (kept on screen while another branch loads); a long one from a point on. */
  messages: readonly Message[];
  /** The part of the shown branch above `messages` not loaded yet: a long chat opens from its end. */
  older: OlderMessages | null;
  /** Sends the server has not accepted yet, in the order they were made. */
  pending: readonly PendingSend[];
  /** Generations in progress, by assistant message id. */
  live: Readonly<Record<string, LiveStream>>;
  /** How long each finished answer thought, for "Thought for N s" after its live stream is gone. */
  thinkingMs: Readonly<Record<string, number>>;
  /** Previews of images this session uploaded, by attachment id (the API serves no image bytes back). */
  previews: Readonly<Record<string, string>>;
}

/** Everything that can happen to a thread. `at` is the client clock, stamped where the event arrived. */
export type ThreadEvent =
  | { type: 'load-started'; leaf: string | null }
  | { type: 'loaded'; leaf: string | null; response: MessagesResponse }
  | { type: 'load-failed'; leaf: string | null; error: unknown; notFound: boolean }
  /** Messages above the first shown one (`before`), loaded as the reader scrolls up. */
  | { type: 'older-loaded'; leaf: string | null; before: string; response: MessagesResponse }
  | { type: 'branch-switched'; leaf: string | null }
  | { type: 'chat-updated'; chat: Chat }
  /** Optimistic send; an edit is a send whose parent is the edited message's parent. */
  | { type: 'send'; pending: PendingSend }
  | { type: 'send-failed'; tempId: string; error: ErrorInfo }
  | { type: 'send-retried'; tempId: string }
  | { type: 'send-discarded'; tempId: string }
  | { type: 'accepted'; tempId: string; parentId: string | null; userMessage: Message; assistantMessage: Message }
  | { type: 'regenerated'; parentId: string | null; assistantMessage: Message }
  | { type: 'continued'; assistantMessage: Message }
  | { type: 'snapshot'; id: string; data: SnapshotEvent; at: number }
  | { type: 'delta'; id: string; data: DeltaEvent; at: number }
  | { type: 'status'; id: string; status: MessageStatus }
  /** An image answer's `progress` event. */
  | { type: 'progress'; id: string; data: ImageProgress }
  | { type: 'final'; id: string; status: MessageStatus; message?: Message; error?: ErrorInfo | null; at: number }
  /** The user's version of an answer, stored as its sibling: shown in its place. */
  | { type: 'answer-edited'; original: Message; message: Message }
  /** A message and its subtree were deleted; the branch shown ends above it until the chat's branch is loaded. */
  | { type: 'subtree-deleted'; messageId: string; currentLeafId: string | null }
  /** The event stream of a generation is gone for good (unknown to the server): forget its live text. */
  | { type: 'stream-lost'; id: string };

export function isActiveStatus(status: MessageStatus): boolean {
  return status === 'queued' || status === 'streaming';
}

export function isActive(message: Message): boolean {
  return message.role === 'assistant' && isActiveStatus(message.status);
}
