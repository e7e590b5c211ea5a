/**
 * Wire types of full-text search (`GET /api/search`) and attachment bytes (`GET /api/blobs/:sha256`).
 * Highlights are data (segments flagged `match`), never markup: the GUI renders them as text.
 */
import type { Role } from './api';

/** Longest search text `GET /api/search?q=` accepts. */
export const MAX_SEARCH_QUERY_CHARS = 500;
export const SEARCH_LIMIT = { min: 1, max: 50, default: 20 } as const;
/** Title hits come with the first page only, at most this many. */
export const SEARCH_TITLE_HITS = 10;

/** A piece of a snippet or title; `match` marks the words the query found. Concatenated they give the text shown. */
export interface TextSegment {
  text: string;
  match: boolean;
}

export interface SearchQuery {
  q: string;
  /** Only messages written by this model (any spelling of its name). */
  model?: string;
  /** ISO date or date-time, inclusive. */
  from?: string;
  /** ISO date (the whole day counts) or date-time, inclusive. */
  to?: string;
  cursor?: string;
  limit: number;
}

export interface SearchMessageHit {
  chatId: string;
  chatTitle: string;
  messageId: string;
  role: Role;
  model: string | null;
  createdAt: string;
  /** Around the best match; an ellipsis segment marks cut text. */
  snippet: TextSegment[];
  /**
   * Open the chat with `GET /api/chats/:chatId/messages?leaf=<leaf>` to show the branch that holds
   * this message (it may not be the chat's current branch).
   */
  leaf: string;
}

export interface SearchTitleHit {
  chatId: string;
  title: TextSegment[];
  model: string | null;
  updatedAt: string;
}

export interface SearchResponse {
  /** Chats whose title matches, best first; on the first page only. */
  titles: SearchTitleHit[];
  /** Messages, most relevant first (bm25). */
  messages: SearchMessageHit[];
  nextCursor: string | null;
}

/** `GET /api/blobs/:sha256` path of an attachment's bytes. */
export function blobUrl(sha256: string): string {
  return `/api/blobs/${sha256}`;
}
