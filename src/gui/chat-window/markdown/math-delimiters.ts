const FENCE = /^( {0,3})(`{3,}|~{3,})/;

/**
 * Models write LaTeX as `\(…\)` and `\[…\]` as often as `$…$`; remark-math only knows dollars.
 * Rewrites the bracket forms to dollars outside code (fenced blocks and inline code spans).
 */
export function normalizeMathDelimiters(markdown: string): string {
  if (!markdown.includes('\\(') && !markdown.includes('\\[')) return markdown;
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
  return text
    .replace(/\\\[([\s\S]+?)\\\]/g, (_all, tex: string) => {
      const body = tex.trim();
      return body.includes('\n') || body.length > 0 ? `\n$$\n${body}\n$$\n` : '';
    })
    .replace(/\\\(([\s\S]+?)\\\)/g, (_all, tex: string) => `$${tex.trim()}$`);
}
