/**
 * Markdown for model output (lazy chunk). Model output is untrusted: raw HTML is shown as text
 * (no rehype-raw, so streamdown turns HTML nodes into text), the tree is sanitized, dangerous link
 * protocols are removed, links open in a new tab without opener/referrer, remote images are not loaded.
 */
import {
  memo,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import remarkMath from 'remark-math';
import {
  type Components,
  defaultRehypePlugins,
  defaultRemarkPlugins,
  Streamdown,
  type StreamdownProps,
} from 'streamdown';
import { CodeOrMath, InlineCode, SafeImage, SafeLink, Strong } from './markdown-components';
import { MarkdownLayoutContext } from './markdown-layout';
import { normalizeMathDelimiters } from './math-delimiters';
import { useProgressiveText } from './progressive-text';
import { renderQueue } from './render-queue';
import { createSegmenter, splitSegments } from './split-segments';
import { charsPerLine, textHeight } from './text-height';
import { useIntersection, watchHeight } from './use-in-view';

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

/**
 * Finished segments this far off-screen are replaced by an empty box of their height (bounded DOM), and
 * one not rendered yet renders once it comes this close.
 */
const KEEP_MARGIN = '2000px';

/** How far an element is from what its scroller shows, in px (0: on screen). */
function distanceFromView(entry: IntersectionObserverEntry): number {
  const rect = entry.boundingClientRect;
  const root = entry.rootBounds;
  // rootBounds is the root widened by the margin.
  const margin = Number.parseInt(KEEP_MARGIN, 10);
  const top = root ? root.top + margin : 0;
  const bottom = root ? root.bottom - margin : window.innerHeight;
  return Math.max(0, rect.top - bottom, top - rect.bottom);
}

/**
 * A segment of the text. The growing last one is always rendered. A finished one is rendered near the
 * screen and replaced by a placeholder of its height far away from it; when it comes near again (or
 * first comes near, for an answer opened from history, which starts as placeholders of an estimated
 * height) it waits its turn in the render queue, so a frame renders no more than it can afford.
 */
const SegmentSlot = memo(function SegmentSlot({
  text,
  frozen,
  streaming,
  estimatedHeight,
}: {
  text: string;
  frozen: boolean;
  streaming: boolean;
  /** Start as a placeholder this tall, and render once near the screen (a finished answer from history). */
  estimatedHeight?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const layout = useContext(MarkdownLayoutContext);
  const [placeholderHeight, setPlaceholderHeight] = useState<number | null>(
    // Without IntersectionObserver nothing would ever ask for the render: show the text at once.
    typeof IntersectionObserver === 'undefined' ? null : (estimatedHeight ?? null),
  );
  const shownHeight = useRef(placeholderHeight);
  shownHeight.current = placeholderHeight;
  /** Set while this segment has a request in the render queue, or a granted render not committed yet. */
  const release = useRef<(() => void) | null>(null);
  const onChange = useCallback(
    (entry: IntersectionObserverEntry) => {
      if (!entry.isIntersecting) {
        release.current?.();
        release.current = null;
        setPlaceholderHeight(entry.boundingClientRect.height);
        return;
      }
      if (shownHeight.current === null || release.current) return;
      release.current = renderQueue.request(text.length, distanceFromView(entry), () => {
        if (shownHeight.current === null) {
          release.current?.();
          release.current = null;
        } else setPlaceholderHeight(null);
      });
    },
    [text.length],
  );
  useIntersection(ref, KEEP_MARGIN, frozen ? onChange : null, layout.scrollRoot);
  useEffect(() => () => release.current?.(), []);

  // A placeholder replaced by its text: once the frame has laid it out (before it paints), keep the
  // reader's view in place when the text came out taller or shorter than the placeholder above it, and
  // report the render done: what it cost, layout included, sets the next frame's budget. Reading the
  // height in the render's own task instead (offsetHeight in a layout effect) forced that layout early,
  // and the frame laid it out again. Later changes of its height (the column resized, math or an image
  // laid out late) keep the view in place too, for as long as it stays rendered.
  const before = useRef(placeholderHeight);
  // Read when the layout is reported, not as dependencies: a change of either must not stop the watch.
  const current = useRef({ layout, windowed: estimatedHeight !== undefined });
  current.current = { layout, windowed: estimatedHeight !== undefined };
  useLayoutEffect(() => {
    const was = before.current;
    before.current = placeholderHeight;
    const el = ref.current;
    if (was === null || placeholderHeight !== null || !el) return;
    const done = () => {
      release.current?.();
      release.current = null;
    };
    // No layout is reported for an element that is not laid out (inside a hidden or skipped ancestor):
    // the page-wide queue must not wait for it beyond the next frames.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(done);
    });
    let last = was;
    let first = true;
    const stop = watchHeight(el, (height) => {
      if (Math.abs(height - last) >= 1) current.current.layout.keepInPlace(el, height - last);
      last = height;
      if (!first) return;
      first = false;
      // Laid out once, its height is known: from now on the browser may skip its layout, paint and hit
      // testing while it is off-screen (the 2,000 px kept around the view would otherwise cost every
      // frame of a scroll) without guessing its size; it remembers the last height it laid out.
      if (current.current.windowed) {
        el.style.contentVisibility = 'auto';
        el.style.containIntrinsicBlockSize = `auto ${height}px`;
      }
      done();
    });
    return () => {
      cancelAnimationFrame(frame);
      stop();
      done();
    };
  }, [placeholderHeight]);

  return (
    <div
      ref={ref}
      className={
        estimatedHeight === undefined ? 'markdown-segment-slot' : 'markdown-segment-slot markdown-segment-windowed'
      }
    >
      {frozen && placeholderHeight !== null ? (
        <div style={{ height: placeholderHeight }} aria-hidden="true" />
      ) : (
        // An estimated segment renders off-screen (above or below the view) and must lay out at once: its
        // real height is what keeps the view in place. Skipping its layout (content-visibility) would
        // give it a made-up height until it comes on screen, and the view would jump then.
        <Segment text={text} streaming={streaming} frozen={frozen && estimatedHeight === undefined} />
      )}
    </div>
  );
});

/** A finished answer longer than this, opened from history, renders only its segments near the screen. */
export const WINDOWED_MIN_CHARS = 6000;

function MarkdownImpl(props: MarkdownProps) {
  const { text, streaming = false, live = false, className } = props;
  if (!streaming && !live && text.length > WINDOWED_MIN_CHARS) return <Windowed text={text} className={className} />;
  return <Progressive {...props} />;
}

/**
 * A long finished answer: every segment starts as a placeholder of its estimated height and renders
 * when it comes near the screen, nearest first. Opening a chat at its end shows the end of its last
 * answer in a few frames, whatever the answer's length (a 112 KB one rendered top down took 4.4 s).
 */
function Windowed({ text, className }: { text: string; className: string | undefined }) {
  const segments = useMemo(() => splitSegments(text), [text]);
  const heights = useEstimatedHeights(segments, 0);
  return (
    <div className={`markdown ${className ?? ''}`}>
      {segments.map((segment, i) => (
        <SegmentSlot
          // biome-ignore lint/suspicious/noArrayIndexKey: a finished text's segments never change
          key={i}
          text={segment}
          frozen
          streaming={false}
          estimatedHeight={heights?.[i]}
        />
      ))}
    </div>
  );
}

/**
 * The estimated heights of the segments from `from` on, for their placeholders (undefined before it: those
 * are rendered as they are); null when none is estimated. Once per segment list and column width.
 */
function useEstimatedHeights(segments: string[], from: number | null): (number | undefined)[] | null {
  const { width } = useContext(MarkdownLayoutContext);
  return useMemo(() => {
    if (from === null) return null;
    const perLine = charsPerLine(width);
    return segments.map((segment, i) => (i >= from ? textHeight(segment, perLine) : undefined));
  }, [segments, from, width]);
}

/**
 * Whether to parse now: at once when `now`, else from a background (transition) render right after the first
 * commit. Not `useDeferredValue(true, now)`: with it, the answers in view were mounted again and again while a
 * chat opened, each spawning another deferred render (measured: 5,000 mounts for the 3 answers of a 100-message
 * chat's first screen, 50–100 ms of main thread on every open).
 */
function useParseAfterCommit(now: boolean): boolean {
  const [parse, setParse] = useState(now);
  useEffect(() => {
    if (!parse) startTransition(() => setParse(true));
  }, [parse]);
  return parse || now;
}

function Progressive({ text, streaming = false, live = false, className }: MarkdownProps) {
  // A finished answer first shows as plain text and is parsed in a background (transition) render right
  // after: opening a long chat or scrolling new rows in then never parses several answers in one task,
  // React yields between them. A streamed answer is parsed at once (its text is already there).
  const parseNow = useParseAfterCommit(streaming || live);
  // An answer that finished far ahead of its rendered text (a fast model, a snapshot after reconnecting):
  // the rest renders as a long answer from history does, near the view first, instead of the reader at
  // its end waiting seconds for the top to be rendered. A little behind, it just catches up.
  const [windowed, setWindowed] = useState(false);
  const shown = useProgressiveText(text, !windowed);
  if (!windowed && !streaming && text.length - shown.length > WINDOWED_MIN_CHARS) setWindowed(true);
  // Streaming again (Continue on the same answer): it follows the stream as any streaming answer does.
  if (windowed && streaming) setWindowed(false);
  if (!parseNow) {
    return (
      <div className={`markdown whitespace-pre-wrap ${className ?? ''}`} data-catching-up="">
        {text}
      </div>
    );
  }
  return <Blocks text={text} shown={shown} streaming={streaming} windowed={windowed} className={className} />;
}

function Blocks({
  text,
  shown,
  streaming,
  windowed,
  className,
}: {
  text: string;
  shown: string;
  streaming: boolean;
  /** The text is finished: segments not rendered yet render near the view first (see `Progressive`). */
  windowed: boolean;
  className: string | undefined;
}) {
  const [segmenter] = useState(createSegmenter);
  /** The first segment not (wholly) rendered when the text went windowed; those above it stay as they are. */
  const [windowFrom, setWindowFrom] = useState<number | null>(null);
  const source = windowed ? text : shown;
  const segments = useMemo(() => segmenter(source), [segmenter, source]);
  if (windowed && windowFrom === null) setWindowFrom(splitSegments(shown).length - 1);
  if (!windowed && windowFrom !== null) setWindowFrom(null);
  const estimates = useEstimatedHeights(segments, windowFrom);
  const last = segments.length - 1;
  const catchingUp = !windowed && shown !== text;
  return (
    // `data-catching-up`: part of the text is not rendered yet (the bench times the final text by it).
    <div className={`markdown ${className ?? ''}`} data-catching-up={catchingUp ? '' : undefined}>
      {segments.map((segment, i) => (
        // Segments only ever grow at the end, so the index is a stable identity. One component for the
        // growing and the finished state: a segment that freezes keeps its rendered blocks instead of
        // being unmounted and parsed again from scratch.
        <SegmentSlot
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          text={segment}
          frozen={i < last || windowFrom !== null}
          streaming={i === last && (streaming || catchingUp)}
          estimatedHeight={estimates?.[i]}
        />
      ))}
    </div>
  );
}

const Markdown = memo(MarkdownImpl);
export default Markdown;
