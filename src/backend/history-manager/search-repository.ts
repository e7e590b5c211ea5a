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

/** Matches ranked per query, newest first (see search()); older matches beyond it are not returned. */
export const RANK_WINDOW = 20_000;
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
    throw new ValidationError(
      'The search cursor is not valid.',
      { cursor },
      {
        text: 'Run the search again from the start.',
        action: 'reload',
      },
    );
  }
  return Number(match[1]);
}

/**
 * A rowid written into the SQL text: bound as a parameter through kysely, FTS5 did not use it to
 * seek and scanned the whole doclist (0.6 s per snippet over 100,000 messages instead of 0.1 ms).
 */
function rowidLiteral(seq: number) {
  if (!Number.isSafeInteger(seq)) throw new Error(`not a rowid: ${seq}`);
  return sql.lit(seq);
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
    const filtered = model !== undefined || o.fromIso !== undefined || o.toIso !== undefined;
    // bm25 is computed for the RANK_WINDOW newest matches only: FTS5 walks a doclist newest first
    // cheaply, but scoring every match of a word that is in half of a million messages would take
    // a second. CROSS JOIN keeps the index the outer loop, so the filters read only matching rows.
    const window = filtered
      ? sql`SELECT f.rowid AS seq, bm25(messages_fts) AS score
              FROM messages_fts f CROSS JOIN messages m ON m.seq = f.rowid
             WHERE messages_fts MATCH ${match} ${sql.join(filters, sql` `)}
             ORDER BY f.rowid DESC LIMIT ${RANK_WINDOW}`
      : sql`SELECT rowid AS seq, bm25(messages_fts) AS score FROM messages_fts
             WHERE messages_fts MATCH ${match}
             ORDER BY rowid DESC LIMIT ${RANK_WINDOW}`;
    const ranked = await sql<{ seq: number }>`
      SELECT seq FROM (${window}) ORDER BY score, seq DESC
       LIMIT ${o.limit + 1} OFFSET ${offset}`.execute(this.db);
    const seqs = ranked.rows.slice(0, o.limit).map((r) => r.seq);
    // The page is chosen first; its rows are read and snippets cut for them only.
    const rows =
      seqs.length === 0
        ? []
        : (
            await sql<HitRow>`
              SELECT m.seq, m.id, m.chat_id, m.role, m.model, m.created_at, c.title
                FROM messages m JOIN chats c ON c.id = m.chat_id
               WHERE m.seq IN (${sql.join(seqs)})`.execute(this.db)
          ).rows;
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    const page = seqs.flatMap((seq) => bySeq.get(seq) ?? []);
    const snippets = await this.#snippets(match, seqs);
    const messages: SearchMessageHit[] = [];
    for (const row of page) {
      messages.push({
        chatId: row.chat_id,
        chatTitle: row.title,
        messageId: row.id,
        role: row.role,
        model: row.model,
        createdAt: row.created_at,
        snippet: toSegments(snippets.get(row.seq) ?? ''),
        // The branch query descends from the message along the newest child: its branch opens.
        leaf: row.id,
      });
    }
    const titles = offset === 0 ? await this.#titles(match, model, o) : [];
    const more = ranked.rows.length > o.limit;
    return { titles, messages, nextCursor: more ? encodeCursor(offset + o.limit) : null };
  }

  /**
   * The snippets of the page's messages, by seq, from one statement: FTS5 sets a MATCH up once per statement,
   * and a prefix term (`plat*`, what every search as you type ends with) merges the doclists of all the words it
   * starts. Asked for per message, a page of 20 paid that 20 times: 120–150 ms for a five-letter prefix over a
   * million messages, 4.4 s for a three-letter one. The statement reads the matches within the page's rowid range
   * (inside the newest RANK_WINDOW matches) and cuts a snippet for the page's own rows only.
   */
  async #snippets(match: string, seqs: readonly number[]): Promise<Map<number, string>> {
    if (seqs.length === 0) return new Map();
    const page = sql.join(seqs.map(rowidLiteral));
    // The outer WHERE keeps the other matches of the range inside SQLite (with a filter, a page's hits may lie far
    // apart: 285,000 rows came back to JS for a page of 20 over 300,000 messages, 267 → 29 ms with it).
    const rows = await sql<{ seq: number; s: string }>`
      SELECT seq, s FROM (
        SELECT rowid AS seq,
               CASE WHEN rowid IN (${page})
                    THEN snippet(messages_fts, 0, ${OPEN}, ${CLOSE}, '…', ${SNIPPET_TOKENS}) END AS s
          FROM messages_fts
         WHERE messages_fts MATCH ${match}
           AND rowid BETWEEN ${rowidLiteral(Math.min(...seqs))} AND ${rowidLiteral(Math.max(...seqs))})
       WHERE s IS NOT NULL`.execute(this.db);
    return new Map(rows.rows.map((r) => [r.seq, r.s]));
  }

  /** `match` is searched in titles only: chat_id is indexed too, for the triggers (migration 010). */
  async #titles(match: string, model: string | undefined, o: SearchOptions): Promise<SearchTitleHit[]> {
    const filters = [
      model === undefined ? sql`` : sql`AND canonical_model_name(c.model) = ${model}`,
      o.fromIso === undefined ? sql`` : sql`AND c.updated_at >= ${o.fromIso}`,
      o.toIso === undefined ? sql`` : sql`AND c.updated_at < ${o.toIso}`,
    ];
    const rows = await sql<{ id: string; marked: string; model: string | null; updated_at: string }>`
      SELECT c.id, highlight(chats_fts, 1, ${OPEN}, ${CLOSE}) AS marked, c.model, c.updated_at
        FROM chats_fts JOIN chats c ON c.id = chats_fts.chat_id
       WHERE chats_fts MATCH ${`{title} : (${match})`} ${sql.join(filters, sql` `)}
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
