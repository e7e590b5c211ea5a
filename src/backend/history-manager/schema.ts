/** Kysely table types: what the SQLite tables hold, column for column (DESIGN §5). */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { MessageStatus, Role } from '../../shared/api';

export interface ChatsTable {
  id: string;
  title: string;
  model: string | null;
  system_prompt: string;
  options_json: string;
  /** 0 | 1 */
  pinned: number;
  /** 0 | 1 */
  archived: number;
  created_at: string;
  updated_at: string;
  current_leaf_id: string | null;
}

export interface MessagesTable {
  /** Stable integer key for the external-content FTS index (a plain rowid may change on VACUUM). */
  seq: Generated<number>;
  id: string;
  chat_id: string;
  parent_id: string | null;
  role: Role;
  content: string;
  thinking: string;
  status: MessageStatus;
  error_json: string | null;
  model: string | null;
  model_digest: string | null;
  options_json: string | null;
  metrics_json: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttachmentsTable {
  id: string;
  message_id: string;
  kind: 'image';
  name: string;
  mime: string;
  size: number;
  sha256: string;
  /** Extracted text of text-like files; null for images. */
  text: string | null;
  /** Relative to the data directory, e.g. `blobs/<sha256>`. */
  blob_path: string;
}

export interface ModelsSeenTable {
  name: string;
  digest: string;
  first_seen: string;
  last_seen: string;
}

export interface SettingsTable {
  key: string;
  value_json: string;
}

export interface Database {
  chats: ChatsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  models_seen: ModelsSeenTable;
  settings: SettingsTable;
}

export type ChatRow = Selectable<ChatsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessageRow = Insertable<MessagesTable>;
export type NewAttachmentRow = Insertable<AttachmentsTable>;

/** A message row plus the JSON arrays the message queries aggregate next to it. */
export interface MessageRowWithRelations extends Omit<MessageRow, 'seq'> {
  sibling_ids_json: string;
  attachments_json: string;
}
