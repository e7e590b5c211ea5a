import { useEffect, useRef, useState } from 'react';
import { CopyButton } from '../../ui/copy-button';
import { WrapIcon } from '../../ui/icons-later';
import { whenIdle } from '../../ui/when-idle';
import { highlightCode } from './highlight-client';
import type { HighlightedLines } from './highlighter';
import { useInView } from './use-in-view';

const highlightCache = new Map<string, HighlightedLines | null>();
const MAX_CACHE = 300;

function cacheKey(language: string, code: string) {
  return `${language}\u0000${code}`;
}

type Job = () => Promise<void>;
const jobs: Job[] = [];
let draining = false;

/** Highlighting runs one block per idle period, so a screenful of code never makes one long task. */
function scheduleHighlight(job: Job): void {
  jobs.push(job);
  if (draining) return;
  draining = true;
  const next = () => {
    const run = jobs.shift();
    if (!run) {
      draining = false;
      return;
    }
    whenIdle(() => void run().finally(next), 300);
  };
  next();
}

/** Highlighted tokens once Shiki has run; plain text (same layout) until then or while streaming. */
function useHighlight(code: string, language: string, enabled: boolean): HighlightedLines | null {
  const key = cacheKey(language, code);
  const [result, setResult] = useState<{ key: string; lines: HighlightedLines | null } | null>(() =>
    highlightCache.has(key) ? { key, lines: highlightCache.get(key) ?? null } : null,
  );
  useEffect(() => {
    if (!enabled || !language) return;
    if (highlightCache.has(key)) {
      setResult({ key, lines: highlightCache.get(key) ?? null });
      return;
    }
    let alive = true;
    scheduleHighlight(async () => {
      // Scrolled away (unmounted) before its turn: skip the work.
      if (!alive) return;
      try {
        const lines = await highlightCode(code, language);
        if (highlightCache.size >= MAX_CACHE) highlightCache.clear();
        highlightCache.set(key, lines);
        if (alive) setResult({ key, lines });
      } catch {
        // Highlighting is cosmetic: on any failure the plain text stays.
      }
    });
    return () => {
      alive = false;
    };
  }, [key, code, language, enabled]);
  return result && result.key === key ? result.lines : null;
}

export interface CodeBlockProps {
  code: string;
  language: string;
  /** The fence is still streaming: skip highlighting until it closes. */
  incomplete: boolean;
}

export function CodeBlock({ code, language, incomplete }: CodeBlockProps) {
  const [wrap, setWrap] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  // Highlight once the fence is closed and the block is on screen: colours for code nobody looks at
  // would cost thousands of spans in a long answer.
  const inView = useInView(rootRef);
  const [seen, setSeen] = useState(false);
  if (inView && !seen) setSeen(true);
  const text = code.endsWith('\n') ? code.slice(0, -1) : code;
  const lines = useHighlight(text, language, !incomplete && (seen || inView));
  return (
    <div
      ref={rootRef}
      className="not-prose my-4 overflow-hidden rounded-xl border border-border bg-sidebar"
      data-code-block=""
      data-language={language || 'text'}
    >
      <div className="flex h-9 items-center justify-between border-b border-border pr-1 pl-3">
        <span className="font-mono text-xs lowercase text-muted-foreground">{language || 'text'}</span>
        <div className="flex items-center gap-0.5">
          <button
            type="button"
            className="inline-flex items-center rounded-md p-1.5 text-muted-foreground hover:bg-muted hover:text-foreground aria-pressed:text-accent"
            aria-pressed={wrap}
            aria-label={wrap ? 'Stop wrapping long lines' : 'Wrap long lines'}
            title={wrap ? 'Stop wrapping long lines' : 'Wrap long lines'}
            onClick={() => setWrap((w) => !w)}
          >
            <WrapIcon size={14} />
          </button>
          <CopyButton text={text} testId="code-copy" />
        </div>
      </div>
      <pre
        className={`max-h-[32rem] overflow-auto p-3 font-mono text-[0.8125rem] leading-relaxed ${
          wrap ? 'whitespace-pre-wrap break-words' : 'whitespace-pre'
        }`}
      >
        <code>
          {lines
            ? lines.map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their position
                <span key={i} className="block min-h-[1lh]">
                  {line.map((token, j) => (
                    <span
                      // biome-ignore lint/suspicious/noArrayIndexKey: tokens have no identity beyond their position
                      key={j}
                      className="shiki-token"
                      style={{ '--shiki-light': token.light, '--shiki-dark': token.dark } as React.CSSProperties}
                    >
                      {token.content}
                    </span>
                  ))}
                </span>
              ))
            : text}
        </code>
      </pre>
    </div>
  );
}
