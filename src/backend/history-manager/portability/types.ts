/**
 * The neutral in-memory model of an imported or exported chat. Every importer produces it and both
 * exporters consume it, so the database layer only ever maps PortableChat <-> rows.
 *
 * Ids are the SOURCE app's ids (`sourceId`): the caller mints its own ULIDs and keeps
 * `(source.app, source.id)` for idempotent re-import. For chats of this app (`app: 'ollama-chat'`)
 * the source ids are our own ids, which is what makes export -> import lossless.
 */

export type PortableApp = 'ollama-chat' | 'chatgpt' | 'open-webui' | 'hollama' | 'markdown';

export type ImportFormat =
  | 'ollama-chat.export'
  | 'chatgpt'
  | 'chatgpt-zip'
  | 'open-webui'
  | 'hollama'
  | 'markdown'
  | 'empty';

export interface PortableSource {
  app: PortableApp;
  id: string;
}

/** Where a chat of ours originally came from (the `source` field of our export format). */
export interface PortableOrigin {
  app: string;
  id: string;
  importedAt: string | null;
}

export type PortableRole = 'system' | 'user' | 'assistant' | 'tool';

/** `queued`/`streaming` never leave the app: exporters and importers write them as `interrupted`. */
export type PortableStatus = 'complete' | 'cancelled' | 'error' | 'interrupted';

export interface PortableMetrics {
  totalDurationNs?: number | null;
  loadDurationNs?: number | null;
  promptEvalCount?: number | null;
  promptEvalDurationNs?: number | null;
  evalCount?: number | null;
  evalDurationNs?: number | null;
  ttftMs?: number | null;
  doneReason?: string | null;
}

export interface PortableAttachment {
  kind: 'image' | 'text' | 'file';
  name: string;
  mime: string;
  /** Size of the raw bytes, when known. */
  size: number | null;
  /** Lowercase hex sha256 of the raw bytes; null when the bytes are not in the file (placeholder). */
  sha256: string | null;
  /**
   * The bytes, verified against `sha256`. Null when they are not in this chat's record: either a
   * placeholder (sha256 null) or a reference to a blob that arrives later as an `ImportBlob` item.
   */
  data: Uint8Array | null;
  /** Extracted text as sent to the model (text files, PDFs). */
  text?: string;
  /** Foreign reference, e.g. a ChatGPT asset id `file-4QmX…`, kept for diagnostics. */
  sourceRef?: string;
}

export interface PortableMessage {
  sourceId: string;
  /** Null = a root; several roots are allowed. Always refers to a message earlier in `messages`. */
  parentSourceId: string | null;
  role: PortableRole;
  content: string;
  thinking: string | null;
  /** The model that wrote an assistant message (foreign apps: their model id, informational). */
  model: string | null;
  /** undefined = unknown/absent; null = known to be missing. Exporters keep the distinction. */
  modelDigest?: string | null;
  createdAt: string;
  updatedAt: string;
  status: PortableStatus;
  error?: { code: string; message: string };
  options?: Record<string, unknown> | null;
  metrics?: PortableMetrics | null;
  toolCalls?: unknown[];
  attachments?: PortableAttachment[];
  /** An answer the user rewrote (issue 11); absent otherwise. */
  edited?: true;
  /** Image answers of this app: backend, model, parameters, seed, timing (ImageGenerationRecord). */
  imageGeneration?: Record<string, unknown> | null;
}

export interface PortableChat {
  source: PortableSource;
  origin?: PortableOrigin | null;
  title: string;
  model: string | null;
  systemPrompt: string | null;
  options: Record<string, unknown>;
  pinned: boolean;
  archived: boolean;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  currentLeafSourceId: string | null;
  /** The whole tree, parents before children, siblings in creation order. */
  messages: PortableMessage[];
}

/** Where something is in the input, for errors and report entries. All parts optional. */
export interface ImportLocation {
  file?: string;
  /** Index of the conversation/chat/session in the file (0-based). */
  conversation?: number;
  /** The source's id of that conversation, when known. */
  conversationId?: string;
  /** The source's id of a message, when the note is about one. */
  messageId?: string;
  /** A field path inside the element, e.g. `mapping.<id>.message.content`. */
  field?: string;
  byteOffset?: number;
}

export interface ImportNote {
  level: 'skipped' | 'warning';
  reason: string;
  location: ImportLocation;
}

/** What `readImport` yields, in file order. */
export type ImportItem =
  | { kind: 'chat'; chat: PortableChat; location: ImportLocation }
  /** Attachment bytes referenced by sha256 from earlier chats (our format's `blobs`). Verified. */
  | { kind: 'blob'; sha256: string; data: Uint8Array; location: ImportLocation }
  | { kind: 'note'; note: ImportNote }
  | { kind: 'format'; format: ImportFormat };

export interface ImportReport {
  format: ImportFormat | null;
  imported: Array<{ source: PortableSource; title: string; messages: number; location: ImportLocation }>;
  skipped: ImportNote[];
  warnings: ImportNote[];
  blobs: number;
}
