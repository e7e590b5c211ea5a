/**
 * Markdown for model output (lazy chunk). Model output is untrusted: raw HTML is shown as text
 * (no rehype-raw, so streamdown turns HTML nodes into text), the tree is sanitized, dangerous link
 * protocols are removed, links open in a new tab without opener/referrer, remote images are not loaded.
 */
import { memo, useMemo } from 'react';
import remarkMath from 'remark-math';
import { type Components, Streamdown, defaultRehypePlugins, defaultRemarkPlugins } from 'streamdown';
import type { Pluggable } from 'unified';
import { CodeOrMath, InlineCode, SafeImage, SafeLink } from './markdown-components';
import { normalizeMathDelimiters } from './math-delimiters';

const remarkPlugins: Pluggable[] = [...Object.values(defaultRemarkPlugins), [remarkMath, { singleDollarTextMath: true }]];
// Deliberately without `defaultRehypePlugins.raw`.
const rehypePlugins: Pluggable[] = [defaultRehypePlugins.sanitize, defaultRehypePlugins.harden].filter(
  (p): p is Pluggable => p !== undefined,
);

const components = {
  a: SafeLink,
  img: SafeImage,
  code: CodeOrMath,
  inlineCode: InlineCode,
} as Components;

const controls = { table: { copy: true, download: false, fullscreen: false }, code: false, mermaid: false } as const;
const linkSafety = { enabled: false };

export interface MarkdownProps {
  text: string;
  /** The text is still growing: heal unterminated markdown and skip highlighting the open code block. */
  streaming?: boolean;
  className?: string;
}

function MarkdownImpl({ text, streaming = false, className }: MarkdownProps) {
  const source = useMemo(() => normalizeMathDelimiters(text), [text]);
  return (
    <Streamdown
      className={`markdown ${className ?? ''}`}
      mode="streaming"
      parseIncompleteMarkdown={streaming}
      isAnimating={streaming}
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={components}
      controls={controls}
      linkSafety={linkSafety}
      lineNumbers={false}
    >
      {source}
    </Streamdown>
  );
}

const Markdown = memo(MarkdownImpl);
export default Markdown;
