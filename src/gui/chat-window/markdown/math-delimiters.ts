const FENCE = /^( {0,3})(`{3,}|~{3,})/;

/**
 * Models write LaTeX as `\(…\)` and `\[…\]` as often as `$…$`; remark-math only knows dollars.
 * Rewrites the bracket forms to dollars outside code (fenced blocks and inline code spans).
 */
export function normalizeMathDelimiters(markdown: string): string {
  if (!markdown.includes('\\(') && !markdown.includes('\\[') && !markdown.includes('$')) return markdown;
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length > 0) out.push(rewriteProse(prose.join('\n')));
    prose = [];
  };
  for (const line of lines) {
    const match = FENCE.exec(line);
    if (fence === null && match?.[2]) {
      flushProse();
      fence = match[2];
      out.push(line);
    } else if (fence !== null) {
      out.push(line);
      if (match?.[2] && match[2][0] === fence[0] && match[2].length >= fence.length && line.trim() === match[2]) {
        fence = null;
      }
    } else {
      prose.push(line);
    }
  }
  flushProse();
  return out.join('\n');
}

function rewriteProse(text: string): string {
  // Split off inline code spans (a run of backticks up to the same run) and leave them alone.
  const parts = text.split(/(`+)([\s\S]*?)\1/);
  let result = '';
  for (let i = 0; i < parts.length; i += 3) {
    result += rewriteMath(parts[i] ?? '');
    if (i + 1 < parts.length) result += `${parts[i + 1]}${parts[i + 2] ?? ''}${parts[i + 1]}`;
  }
  return result;
}

function rewriteMath(text: string): string {
  return escapeCurrency(text)
    .replace(/\\\[([\s\S]+?)\\\]/g, (_all, tex: string) => {
      const body = tex.trim();
      return body ? `\n$$\n${body}\n$$\n` : '';
    })
    .replace(/\\\(([\s\S]+?)\\\)/g, (_all, tex: string) => `$${tex.trim()}$`);
}

/**
 * "$5 and $10" is money, not math: a single `$` before a digit is escaped when what follows up to the
 * next `$` on the line reads like prose (ends in a space or contains a word), or when nothing closes it.
 */
function escapeCurrency(text: string): string {
  if (!/\$\d/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const isSingleDollar = ch === '$' && text[i - 1] !== '\\' && text[i - 1] !== '$' && text[i + 1] !== '$';
    if (isSingleDollar && /\d/.test(text[i + 1] ?? '')) {
      const lineEnd = text.indexOf('\n', i);
      const rest = text.slice(i + 1, lineEnd === -1 ? undefined : lineEnd);
      const close = rest.indexOf('$');
      const segment = close === -1 ? rest : rest.slice(0, close);
      if (close === -1 || /\s$/.test(segment) || /[A-Za-z]{3,}\s/.test(segment)) {
        out += '\\$';
        continue;
      }
    }
    out += ch;
  }
  return out;
}
