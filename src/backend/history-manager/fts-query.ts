/**
 * Turns whatever a user typed into a valid FTS5 MATCH expression, so no input can make the query
 * fail. Every word is quoted (FTS5 syntax characters inside it become plain text); what survives
 * as syntax is deliberate: `"…"` phrases, a trailing `*` for a prefix, `OR` between words, and a
 * leading `-` to exclude a word. Everything else (`AND`, `NEAR`, `(`, `:`, `^`, unbalanced quotes)
 * is searched as text or dropped when it holds no letter or digit.
 */

/** More terms than this are ignored: each one is another index lookup. */
const MAX_TERMS = 32;
const WORD_CHAR = /[\p{L}\p{N}]/u;

interface Term {
  kind: 'term';
  /** Already quoted for FTS5, with the `*` when it is a prefix. */
  fts: string;
  negated: boolean;
}
type Piece = Term | { kind: 'or' };

function quote(text: string, prefix: boolean): string | null {
  if (!WORD_CHAR.test(text)) return null;
  return `"${text.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
}

function wordPiece(raw: string): Piece | null {
  if (raw === 'OR') return { kind: 'or' };
  if (raw === 'AND') return null;
  const negated = raw.length > 1 && raw.startsWith('-');
  let word = negated ? raw.slice(1) : raw;
  const prefix = word.endsWith('*');
  word = word.replace(/\*+$/u, '');
  const fts = quote(word, prefix);
  return fts === null ? null : { kind: 'term', fts, negated };
}

function pieces(input: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/u.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '"') {
      // An unbalanced quote makes the rest of the input one phrase.
      const close = input.indexOf('"', i + 1);
      const end = close === -1 ? input.length : close;
      const phrase = input
        .slice(i + 1, end)
        .replace(/\*/gu, ' ')
        .trim();
      i = end + 1;
      const prefix = close !== -1 && input[i] === '*';
      if (prefix) i += 1;
      const fts = quote(phrase, prefix);
      if (fts !== null) out.push({ kind: 'term', fts, negated: false });
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/u.test(input[end] as string) && input[end] !== '"') end += 1;
    const piece = wordPiece(input.slice(i, end));
    if (piece) out.push(piece);
    i = end;
  }
  return out;
}

/** The FTS5 expression for `input`, or null when it holds nothing to search for. */
export function toFtsQuery(input: string): string | null {
  const positive: string[] = [];
  const negative: string[] = [];
  let pendingOr = false;
  let terms = 0;
  for (const piece of pieces(input)) {
    if (piece.kind === 'or') {
      pendingOr = positive.length > 0;
      continue;
    }
    if (terms >= MAX_TERMS) break;
    terms += 1;
    if (piece.negated) {
      negative.push(piece.fts);
      continue;
    }
    if (pendingOr) positive.push('OR');
    positive.push(piece.fts);
    pendingOr = false;
  }
  if (positive.at(-1) === 'OR') positive.pop();
  if (positive.length === 0) return null;
  const include = positive.join(' ');
  return negative.length === 0 ? include : `(${include}) NOT (${negative.join(' OR ')})`;
}
