/**
 * Full-text search over every message of every chat and over chat titles (SQLite FTS5, bm25 order).
 * Everything FTS5-specific (MATCH, rank, snippet/highlight) is in this file and fts-query.ts; a
 * PostgreSQL port would swap these two for tsvector queries.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Role } from '../../shared/api';
import { canonicalModelName } from '../../shared/model-name';
import {
  SEARCH_TITLE_HITS,
  type SearchMessageHit,
  type SearchResponse,
  type SearchTitleHit,
  type TextSegment,
} from '../../shared/search-api';
import { ValidationError } from '../errors';
import { toFtsQuery } from './fts-query';
import type { Database } from './schema';

export interface SearchOptions {
  q: string;
  model?: string;
  /** ISO UTC bounds of created_at, already normalised: from inclusive, to exclusive. */
  fromIso?: string;
  toIso?: string;
  cursor?: string;
  limit: number;
}

/** Words of snippet context around the best match. */
const SNIPPET_TOKENS = 24;
/**
 * Highlight markers FTS5 puts around matches. A per-process random part keeps text that happens to
 * contain control characters from being read as a marker.
 */
const NONCE = randomBytes(6).toString('hex');
const OPEN = `\u0002${NONCE}[`;
const CLOSE = `]${NONCE}\u0003`;

/** Splits FTS5 output marked with OPEN … CLOSE into plain and matched segments. */
export function toSegments(marked: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (text === '') return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  let rest = marked;
  for (;;) {
    const open = rest.indexOf(OPEN);
    if (open === -1) break;
    const close = rest.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) break;
    push(rest.slice(0, open), false);
    push(rest.slice(open + OPEN.length, close), true);
    rest = rest.slice(close + CLOSE.length);
  }
  push(rest, false);
  return segments;
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o(\d{1,9})$/u.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ValidationError('The search cursor is not valid.', { cursor }, {
      text: 'Run the search again from the start.',
      action: 'reload',
    });
  }
  return Number(match[1]);
}

const encodeCursor = (offset: number) => Buffer.from(`o${offset}`).toString('base64url');

interface HitRow {
  seq: number;
  id: string;
  chat_id: string;
  role: Role;
  model: string | null;
  created_at: string;
  title: string;
}

export class SearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async search(o: SearchOptions): Promise<SearchResponse> {
    const match = toFtsQuery(o.q);
    if (match === null) return { titles: [], messages: [], nextCursor: null };
    const offset = decodeCursor(o.cursor);
    const model = o.model === undefined ? undefined : canonicalModelName(o.model);

    // Offset paging: bm25 order has no stable key to continue from, and pages are few and small.
    const filters = [
      model === undefined ? sql`` : sql`AND canonical_model_name(m.model) = ${model}`,
      o.fromIso === undefined ? sql`` : sql`AND m.created_at >= ${o.fromIso}`,
      o.toIso === undefined ? sql`` : sql`AND m.created_at < ${o.toIso}`,
    ];
    // The page is chosen first; snippets are cut for its rows only, not for every match.
    const hits = await sql<HitRow>`
      SELECT f.seq, m.id, m.chat_id, m.role, m.model, m.created_at, c.title
        FROM (SELECT messages_fts.rowid AS seq, rank FROM messages_fts
               WHERE messages_fts MATCH ${match}
               ORDER BY rank) f
        JOIN messages m ON m.seq = f.seq
        JOIN chats c ON c.id = m.chat_id
       WHERE 1 ${sql.join(filters, sql` `)}
       ORDER BY f.rank, f.seq
       LIMIT ${o.limit + 1} OFFSET ${offset}`.execute(this.db);
    const page = hits.rows.slice(0, o.limit);
    const messages: SearchMessageHit[] = [];
    for (const row of page) {
      const snippet = await sql<{ s: string }>`
        SELECT snippet(messages_fts, 0, ${OPEN}, ${CLOSE}, '…', ${SNIPPET_TOKENS}) AS s
          FROM messages_fts WHERE messages_fts MATCH ${match} AND rowid = ${row.seq}`.execute(this.db);
      messages.push({
        chatId: row.chat_id,
        chatTitle: row.title,
        messageId: row.id,
        role: row.role,
        model: row.model,
        createdAt: row.created_at,
        snippet: toSegments(snippet.rows[0]?.s ?? ''),
        // The branch query descends from the message along the newest child: its branch opens.
        leaf: row.id,
      });
    }
    const titles = offset === 0 ? await this.#titles(match, model, o) : [];
    return { titles, messages, nextCursor: hits.rows.length > o.limit ? encodeCursor(offset + o.limit) : null };
  }

  async #titles(match: string, model: string | undefined, o: SearchOptions): Promise<SearchTitleHit[]> {
    const filters = [
      model === undefined ? sql`` : sql`AND canonical_model_name(c.model) = ${model}`,
      o.fromIso === undefined ? sql`` : sql`AND c.updated_at >= ${o.fromIso}`,
      o.toIso === undefined ? sql`` : sql`AND c.updated_at < ${o.toIso}`,
    ];
    const rows = await sql<{ id: string; marked: string; model: string | null; updated_at: string }>`
      SELECT c.id, highlight(chats_fts, 1, ${OPEN}, ${CLOSE}) AS marked, c.model, c.updated_at
        FROM chats_fts JOIN chats c ON c.id = chats_fts.chat_id
       WHERE chats_fts MATCH ${match} ${sql.join(filters, sql` `)}
       ORDER BY chats_fts.rank
       LIMIT ${SEARCH_TITLE_HITS}`.execute(this.db);
    return rows.rows.map((r) => ({
      chatId: r.id,
      title: toSegments(r.marked),
      model: r.model,
      updatedAt: r.updated_at,
    }));
  }
}
