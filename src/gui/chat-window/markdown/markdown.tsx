/**
 * Markdown for model output (lazy chunk). Model output is untrusted: raw HTML is shown as text
 * (no rehype-raw, so streamdown turns HTML nodes into text), the tree is sanitized, dangerous link
 * protocols are removed, links open in a new tab without opener/referrer, remote images are not loaded.
 */
import { memo, useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import remarkMath from 'remark-math';
import {
  type Components,
  defaultRehypePlugins,
  defaultRemarkPlugins,
  Streamdown,
  type StreamdownProps,
} from 'streamdown';
import { CodeOrMath, InlineCode, SafeImage, SafeLink, Strong } from './markdown-components';
import { normalizeMathDelimiters } from './math-delimiters';
import { useProgressiveText } from './progressive-text';
import { createSegmenter } from './split-segments';
import { useIntersection } from './use-in-view';

/** A remark/rehype plugin as streamdown takes it (unified's type, without depending on unified ourselves). */
type Pluggable = NonNullable<StreamdownProps['remarkPlugins']>[number];

/**
 * A plugin with its options bound, as a plain named plugin. Streamdown keys its processor cache by the
 * plugin list and, for every block it renders, JSON-stringifies the options of `[plugin, options]` pairs to
 * build that key (2.3 KB for the sanitize schema); a bare plugin is keyed by its name alone. Our plugin list
 * never changes, so the name is key enough.
 */
function bound(plugin: Pluggable): Pluggable {
  if (!Array.isArray(plugin)) return plugin;
  const [attacher, ...options] = plugin as unknown as [(...args: unknown[]) => unknown, ...unknown[]];
  const name = `${attacher.name || 'plugin'}Bound`;
  const wrapped = {
    [name](this: unknown) {
      return attacher.apply(this, options);
    },
  }[name];
  return wrapped as Pluggable;
}

const remarkPlugins: Pluggable[] = (
  [...Object.values(defaultRemarkPlugins), [remarkMath, { singleDollarTextMath: true }]] as Pluggable[]
).map(bound);
// Deliberately without `defaultRehypePlugins.raw`.
const rehypePlugins: Pluggable[] = [defaultRehypePlugins.sanitize, defaultRehypePlugins.harden]
  .filter((p): p is Pluggable => p !== undefined)
  .map(bound);

const components = {
  a: SafeLink,
  img: SafeImage,
  strong: Strong,
  code: CodeOrMath,
  inlineCode: InlineCode,
} as Components;

const controls = { table: { copy: true, download: false, fullscreen: false }, code: false, mermaid: false } as const;
const linkSafety = { enabled: false };

export interface MarkdownProps {
  text: string;
  /** The text is still growing: heal unterminated markdown and skip highlighting the open code block. */
  streaming?: boolean;
  /**
   * The text was streamed into this view (it may have arrived whole, from a fast model): render it as
   * markdown a few frames at a time right away, never as one block of plain text first (laying out
   * 100 KB of plain text is a long task of its own).
   */
  live?: boolean;
  className?: string;
}

/** One segment of a (possibly long) text; memoized, so finished segments never re-parse. */
const Segment = memo(function Segment({
  text,
  streaming,
  frozen,
}: {
  text: string;
  streaming: boolean;
  frozen: boolean;
}) {
  const source = useMemo(() => normalizeMathDelimiters(text), [text]);
  return (
    <Streamdown
      className={frozen ? 'markdown-segment markdown-segment-frozen' : 'markdown-segment'}
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
});

/** Frozen segments this far off-screen are replaced by an empty box of their height (bounded DOM). */
const KEEP_MARGIN = '2000px';

/**
 * A segment of the text. A finished one is rendered near the screen and replaced by a placeholder of
 * its height far away from it; the growing last one is always rendered.
 */
const SegmentSlot = memo(function SegmentSlot({
  text,
  frozen,
  streaming,
}: {
  text: string;
  frozen: boolean;
  streaming: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [placeholderHeight, setPlaceholderHeight] = useState<number | null>(null);
  const onChange = useCallback((entry: IntersectionObserverEntry) => {
    setPlaceholderHeight(entry.isIntersecting ? null : entry.boundingClientRect.height);
  }, []);
  useIntersection(ref, KEEP_MARGIN, frozen ? onChange : null);
  return (
    <div ref={ref} className="markdown-segment-slot">
      {frozen && placeholderHeight !== null ? (
        <div style={{ height: placeholderHeight }} aria-hidden="true" />
      ) : (
        <Segment text={text} streaming={streaming} frozen={frozen} />
      )}
    </div>
  );
});

function MarkdownImpl({ text, streaming = false, live = false, className }: MarkdownProps) {
  // A finished answer first shows as plain text and is parsed in a background (transition) render right
  // after: opening a long chat or scrolling new rows in then never parses several answers in one task,
  // React yields between them. A streamed answer is parsed at once (its text is already there).
  const parseNow = useDeferredValue(true, streaming || live);
  const shown = useProgressiveText(text);
  if (!parseNow) {
    return (
      <div className={`markdown whitespace-pre-wrap ${className ?? ''}`} data-catching-up="">
        {text}
      </div>
    );
  }
  return <Blocks text={text} shown={shown} streaming={streaming} className={className} />;
}

function Blocks({
  text,
  shown,
  streaming,
  className,
}: {
  text: string;
  shown: string;
  streaming: boolean;
  className: string | undefined;
}) {
  const [segmenter] = useState(createSegmenter);
  const segments = useMemo(() => segmenter(shown), [segmenter, shown]);
  const last = segments.length - 1;
  return (
    // `data-catching-up`: part of the text is not rendered yet (the bench times the final text by it).
    <div className={`markdown ${className ?? ''}`} data-catching-up={shown !== text ? '' : undefined}>
      {segments.map((segment, i) => (
        // Segments only ever grow at the end, so the index is a stable identity. One component for the
        // growing and the finished state: a segment that freezes keeps its rendered blocks instead of
        // being unmounted and parsed again from scratch.
        <SegmentSlot
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          text={segment}
          frozen={i < last}
          streaming={i === last && (streaming || shown !== text)}
        />
      ))}
    </div>
  );
}

const Markdown = memo(MarkdownImpl);
export default Markdown;
