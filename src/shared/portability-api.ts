/** The wire shape of POST /api/import and the download addresses of issue #9 (export, backup). */

export interface ImportLocationInfo {
  file?: string;
  conversation?: number;
  conversationId?: string;
  messageId?: string;
  field?: string;
  byteOffset?: number;
}

export interface ImportNoteInfo {
  level: 'skipped' | 'warning';
  reason: string;
  location: ImportLocationInfo;
}

export interface ImportReport {
  format: string | null;
  imported: Array<{
    chatId: string;
    title: string;
    messages: number;
    action: 'created' | 'updated';
    location: ImportLocationInfo;
  }>;
  skipped: ImportNoteInfo[];
  warnings: ImportNoteInfo[];
  /** Chats written (created or updated). */
  chats: number;
}

export type ChatExportFormat = 'json' | 'md';

export const EXPORT_URLS = {
  chat: (chatId: string, format: ChatExportFormat) =>
    `/api/chats/${encodeURIComponent(chatId)}/export?format=${format}`,
  all: '/api/export',
  backup: '/api/backup',
} as const;
