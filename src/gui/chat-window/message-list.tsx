import { measureElement, observeElementOffset, useVirtualizer } from '@tanstack/react-virtual';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Message } from '../../shared/api';
import { ArrowDownIcon } from '../ui/icons-later';
import { useSearchTarget } from '../ui/search-target';
import { AssistantMessage } from './assistant-message';
import { preloadMarkdownWhenIdle } from './markdown/load-markdown';
import { type MarkdownLayout, MarkdownLayoutContext } from './markdown/markdown-layout';
import { estimateMessageHeight, rowHeightsOf } from './row-heights';
import { contentChanged, selectOlder } from './thread/selectors';
import { useCurrentThread, useThreadState } from './thread/thread-context';
import { isActive, type PendingSend } from './thread/thread-types';
import { useStickToBottom } from './use-stick-to-bottom';
import { PendingMessage, UserMessage } from './user-message';
import { pauseHoverWhileWheeling } from './wheel-hover-pause';

type Row =
  /** A message of the branch above the loaded ones (`ThreadState.older`), shown as a placeholder until loaded. */
  | { kind: 'older'; key: string }
  | { kind: 'message'; key: string; message: Message; queuedBehind: boolean }
  | { kind: 'pending'; key: string; pending: PendingSend };

/** Keys of placeholder rows (message keys are their ids, ULIDs). */
const OLDER_KEY = 'older-';
/** Older messages start loading when the first row rendered comes this close to the first loaded one. */
const OLDER_PREFETCH_ROWS = 60;
/** Loaded rows whose heights give the placeholders theirs (their mean, fixed per chat). */
const PLACEHOLDER_SAMPLE_ROWS = 100;

/** A message row in view and how far its start was below the view's top, before older messages were put above it. */
interface Anchor {
  key: string;
  offset: number;
}

/** The first message row (not a placeholder) that reaches into the scroller's view. */
function rowInView(
  items: readonly { key: unknown; start: number; end: number }[],
  scroller: HTMLElement | null,
): Anchor | null {
  if (!scroller) return null;
  const top = scroller.scrollTop;
  const bottom = top + scroller.clientHeight;
  for (const item of items) {
    if (item.end <= top || typeof item.key !== 'string' || item.key.startsWith(OLDER_KEY)) continue;
    if (item.start >= bottom) return null;
    return { key: item.key, offset: item.start - top };
  }
  return null;
}

/** Room under the last message, so its actions are not flush with the composer. */
const BOTTOM_PADDING_PX = 24;

/** A sent message the server has not taken yet: one bubble line and its status. */
const PENDING_ROW_PX = 120;

/** The rows' width: the list's centred column (max-w-3xl, 16 px padding each side), from the scroller's width. */
function columnWidth(scrollerWidth: number): number {
  return Math.min(scrollerWidth || 768, 768) - 32;
}

export interface MessageListHandle {
  /** Scrolls to the end and resumes following the stream (after the user sends). */
  scrollToBottom: () => void;
}

export interface MessageListProps {
  chatId: string;
  messages: readonly Message[];
  pending: readonly PendingSend[];
}

export const MessageList = forwardRef<MessageListHandle, MessageListProps>(function MessageList(
  { chatId, messages, pending },
  ref,
) {
  const thread = useCurrentThread();
  const sticky = useStickToBottom();
  const scrollEl = useRef<HTMLElement | null>(null);
  // The scroller's width, read once and then kept by a resize observer: the estimates and the height cache
  // ask for it per row, and reading `clientWidth` after a DOM change forces a layout (the wheel profile).
  const scrollerWidth = useRef(0);
  const widthObserver = useRef<ResizeObserver | null>(null);
  useEffect(() => () => widthObserver.current?.disconnect(), []);
  const hasMessages = messages.length > 0;
  useEffect(() => {
    if (hasMessages) preloadMarkdownWhenIdle();
  }, [hasMessages]);
  const [unseen, setUnseen] = useState(false);
  // One placeholder row per unloaded message the list will show (system messages have no row).
  const older = useThreadState(thread, selectOlder, null);
  const olderCount = older ? older.count - older.system : 0;
  const placeholders = useMemo<Row[]>(
    () => Array.from({ length: olderCount }, (_, i) => ({ kind: 'older', key: `${OLDER_KEY}${i}` })),
    [olderCount],
  );

  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [...placeholders];
    let activeSeen = false;
    for (const message of messages) {
      if (message.role === 'system') continue;
      const active = isActive(message);
      out.push({ kind: 'message', key: message.id, message, queuedBehind: active && activeSeen });
      if (active) activeSeen = true;
    }
    for (const p of pending) out.push({ kind: 'pending', key: p.tempId, pending: p });
    return out;
  }, [placeholders, messages, pending]);

  // Rows start at the height they had when last shown (any earlier visit), else at an estimate from their
  // text: the content height stays put while rows are measured, so scrolling and the jump to the end settle.
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const heights = useMemo(() => rowHeightsOf(chatId, () => columnWidth(scrollerWidth.current)), [chatId]);
  // A placeholder's height: the mean of the newest loaded rows', fixed for the chat so the content height does not
  // move while pages load (the view is kept in place when their real heights differ).
  const placeholderPx = useRef(0);
  if (olderCount > 0 && placeholderPx.current === 0) {
    const sample = rows.filter((r) => r.kind === 'message').slice(-PLACEHOLDER_SAMPLE_ROWS);
    const total = sample.reduce(
      (sum, r) => sum + (heights.get(r.key) ?? estimateMessageHeight(r.message, columnWidth(scrollerWidth.current))),
      0,
    );
    placeholderPx.current = sample.length > 0 ? Math.round(total / sample.length) : PENDING_ROW_PX;
  }
  // A new getItemKey makes the virtualizer lay out every row again: keep it while the row keys are the
  // same (a streamed delta changes a message, not which rows there are).
  const shownKeys = useRef<readonly string[]>([]);
  const keys = useMemo(() => {
    const next = rows.map((r) => r.key);
    const prev = shownKeys.current;
    if (next.length === prev.length && next.every((k, i) => k === prev[i])) return prev;
    shownKeys.current = next;
    return next;
  }, [rows]);
  const getItemKey = useCallback((index: number) => keys[index] ?? index, [keys]);
  const shownTotal = useRef(0);
  // A chat opens at its end. This effect comes before the virtualizer's own (which reads the scroll
  // position once the list is in the page), and the virtualizer starts from the end too (`initialOffset`):
  // the first render lays out the last rows only, never the first rows of the chat and then the last.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on chat change only
  useLayoutEffect(() => {
    setUnseen(false);
    sticky.scrollToBottom();
  }, [chatId]);
  const virtualizer = useVirtualizer({
    initialOffset: () => Number.MAX_SAFE_INTEGER,
    count: rows.length,
    getScrollElement: () => scrollEl.current,
    estimateSize: (index) => {
      const row = rowsRef.current[index];
      if (row?.kind === 'older') return placeholderPx.current;
      if (row?.kind !== 'message') return PENDING_ROW_PX;
      return heights.get(row.key) ?? estimateMessageHeight(row.message, columnWidth(scrollerWidth.current));
    },
    measureElement: (element, entry, instance) => {
      const size = measureElement(element, entry, instance);
      const row = rowsRef.current[instance.indexFromElement(element)];
      if (row?.kind === 'message') heights.set(row.key, size);
      return size;
    },
    overscan: 4,
    getItemKey,
    // Following the end of a streamed answer scrolls the list a few times a second: those scroll events
    // are ours, not the reader scrolling, so they don't flip the virtualizer's `isScrolling` (each flip
    // re-renders the list, and the frame after it repaints).
    observeElementOffset: (instance, report) =>
      observeElementOffset(instance, (offset, isScrolling) =>
        report(offset, isScrolling && !sticky.isFollowScroll(offset)),
      ),
    // The space under the last message, inside the total size the virtualizer writes.
    paddingEnd: BOTTOM_PADDING_PX,
    // Positions and the total height go straight to the DOM: a scroll or a re-measured row re-renders
    // React only when the rows in view change, not on every scroll event.
    directDomUpdates: true,
    onChange: (instance) => {
      // Every height the list takes is a check point for following the end (see `contentResized`).
      const total = instance.getTotalSize();
      if (total === shownTotal.current) return;
      shownTotal.current = total;
      sticky.contentResized(total);
    },
  });
  // Keep what the reader looks at in place when a row wholly above it changes size. A row reaching
  // into the view grows at its end (streamed or progressively rendered text): no shift for that.
  // While pinned the view follows the end anyway.
  // The virtualizer's offset is the one its last scroll event read; a jump made since (a script setting
  // scrollTop, PageUp, find-in-page) is not in it yet, and an adjustment written from it would undo the
  // jump. So compare with where the view really is, and leave it alone while the two disagree.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) => {
    if (sticky.isAtBottom()) return false;
    const top = scrollEl.current?.scrollTop ?? instance.scrollOffset ?? 0;
    if (Math.abs((instance.scrollOffset ?? top) - top) > 1) return false;
    return item.end <= top;
  };

  const { scrollToBottom, scrollRef, contentRef } = sticky;
  const { containerRef } = virtualizer;
  const contentEl = useRef<HTMLElement | null>(null);
  const setContentEl = useCallback(
    (el: HTMLElement | null) => {
      contentEl.current = el;
      containerRef(el);
      contentRef(el);
    },
    [containerRef, contentRef],
  );
  const stopWheelWatch = useRef<(() => void) | null>(null);
  useEffect(() => () => stopWheelWatch.current?.(), []);
  const setScrollEl = useCallback(
    (el: HTMLElement | null) => {
      if (el && el !== scrollEl.current) {
        stopWheelWatch.current?.();
        stopWheelWatch.current = pauseHoverWhileWheeling(el, () => contentEl.current);
        scrollerWidth.current = el.clientWidth;
        widthObserver.current?.disconnect();
        if (typeof ResizeObserver !== 'undefined') {
          widthObserver.current = new ResizeObserver((entries) => {
            const entry = entries[entries.length - 1];
            if (entry) scrollerWidth.current = entry.contentRect.width;
          });
          widthObserver.current.observe(el);
        }
      }
      scrollEl.current = el;
      scrollRef(el);
    },
    [scrollRef],
  );
  useImperativeHandle(
    ref,
    () => ({
      scrollToBottom: () => {
        setUnseen(false);
        scrollToBottom();
        requestAnimationFrame(scrollToBottom);
      },
    }),
    [scrollToBottom],
  );

  // "New text below" means answer text or new messages, not rows re-measured while scrolling.
  useEffect(
    () =>
      thread.store.subscribe((next, previous) => {
        if (!sticky.isAtBottom() && contentChanged(next, previous)) setUnseen(true);
      }),
    [thread, sticky.isAtBottom],
  );
  useEffect(() => {
    if (sticky.atBottom) setUnseen(false);
  }, [sticky.atBottom]);

  // A search result opened this chat: show the branch holding the message, scroll to it, mark it.
  const target = useSearchTarget((s) => (s.target?.chatId === chatId ? s.target : null));
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const askedBranch = useRef<string | null>(null);
  useEffect(() => {
    if (!target) return;
    const index = rows.findIndex((r) => r.key === target.messageId);
    if (index === -1) {
      if (askedBranch.current !== target.leaf) {
        askedBranch.current = target.leaf;
        thread.selectBranch(target.leaf);
      } else if (olderCount > 0) {
        // On the branch, above what is loaded: load up to the top (a page of up to MESSAGE_PAGE.max at a time).
        void thread.loadOlder(older?.count ?? 0);
      }
      return;
    }
    useSearchTarget.getState().clear();
    askedBranch.current = null;
    setHighlightId(target.messageId);
    sticky.release();
    virtualizer.scrollToIndex(index, { align: 'center' });
    // Rows above it are measured as they render; aim again once they have been.
    requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' }));
  }, [target, rows, olderCount, older, thread, virtualizer, sticky.release]);

  // A long answer's segment above the view that rendered taller or shorter than its placeholder: keep the
  // view where it was. Only inside a row that reaches into the view; a row wholly above it is the
  // virtualizer's to adjust (above), and while pinned the view follows the end anyway.
  const markdownLayout = useMemo<MarkdownLayout>(
    () => ({
      get width() {
        return columnWidth(scrollerWidth.current);
      },
      scrollRoot: () => scrollEl.current,
      keepInPlace: (element, delta) => {
        const scroller = scrollEl.current;
        if (!scroller || sticky.isAtBottom()) return;
        const viewTop = scroller.getBoundingClientRect().top;
        if (element.getBoundingClientRect().bottom > viewTop + 1) return;
        const row = element.closest('[data-index]');
        if (!row || row.getBoundingClientRect().bottom <= viewTop) return;
        scroller.scrollTop += delta;
      },
    }),
    [sticky.isAtBottom],
  );

  const items = virtualizer.getVirtualItems();
  const lastIndex = rows.length - 1;

  // Older messages load as the rows rendered come near them: enough to reach the first row rendered, and more.
  const firstRendered = items[0]?.index;
  useEffect(() => {
    if (olderCount === 0 || firstRendered === undefined) return;
    const missing = olderCount - firstRendered;
    if (missing > -OLDER_PREFETCH_ROWS) void thread.loadOlder(missing + OLDER_PREFETCH_ROWS);
  }, [firstRendered, olderCount, thread]);

  // When older messages take the place of placeholders, what the reader looks at stays where it was on screen: the
  // rows above it changed height (placeholders of a mean height became messages, some measured at once). The first
  // message row in view and its distance from the view's top are read as the store changes, before React renders
  // the new rows; once they are laid out the view is put at that distance from the row's new start. From the
  // virtualizer's own positions (the row need not be rendered after the change) and absolute, so an adjustment the
  // virtualizer made meanwhile for a row it measured counts once.
  const anchor = useRef<Anchor | null>(null);
  useEffect(
    () =>
      thread.store.subscribe((next, previous) => {
        const first = previous.messages[0];
        const added = next.messages.length - previous.messages.length;
        // Only messages put above the first one shown (an `older-loaded`).
        if (!first || added <= 0 || next.messages[added] !== first) return;
        anchor.current = rowInView(virtualizer.measurementsCache, scrollEl.current);
      }),
    [thread, virtualizer],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when older messages were put above the view
  useLayoutEffect(() => {
    const was = anchor.current;
    anchor.current = null;
    const scroller = scrollEl.current;
    if (!was || !scroller || sticky.isAtBottom()) return;
    const start = virtualizer.measurementsCache[keys.indexOf(was.key)]?.start;
    if (start === undefined) return;
    const top = start - was.offset;
    if (Math.abs(scroller.scrollTop - top) >= 0.5) scroller.scrollTop = top;
  }, [olderCount]);

  return (
    <div className="relative min-h-0 flex-1">
      <section
        ref={setScrollEl}
        onScroll={sticky.onScroll}
        className="h-full overflow-y-auto overscroll-contain [overflow-anchor:none]"
        data-testid="message-list"
        aria-label="Messages"
      >
        <div ref={setContentEl} className="relative mx-auto w-full max-w-3xl px-4">
          <MarkdownLayoutContext.Provider value={markdownLayout}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className={`absolute top-0 right-4 left-4 ${row.key === highlightId ? 'rounded-xl ring-2 ring-accent' : ''}`}
                  data-search-highlight={row.key === highlightId ? 'true' : undefined}
                >
                  {row.kind === 'older' ? (
                    <OlderPlaceholder height={placeholderPx.current} nearest={item.index === olderCount - 1} />
                  ) : row.kind === 'pending' ? (
                    <PendingMessage pending={row.pending} />
                  ) : row.message.role === 'user' ? (
                    <UserMessage message={row.message} />
                  ) : (
                    <AssistantMessage
                      message={row.message}
                      queuedBehind={row.queuedBehind}
                      isLast={item.index === lastIndex}
                    />
                  )}
                </div>
              );
            })}
          </MarkdownLayoutContext.Provider>
        </div>
      </section>
      {!sticky.atBottom && (
        <button
          type="button"
          // Just outside the text column (48rem) when there is room, else in the corner: never over a table's middle.
          className="absolute right-[max(0.5rem,calc(50%-24rem-2.75rem))] bottom-3 flex h-9 w-9 items-center justify-center rounded-full border border-border bg-background text-foreground shadow-md hover:bg-muted"
          aria-label={unseen ? 'Scroll to the latest message (new text below)' : 'Scroll to the latest message'}
          data-testid="scroll-to-bottom"
          onClick={() => {
            setUnseen(false);
            scrollToBottom();
          }}
        >
          <ArrowDownIcon size={16} />
          {unseen && <span className="absolute top-0 right-0 h-2.5 w-2.5 rounded-full bg-accent" aria-hidden="true" />}
        </button>
      )}
    </div>
  );
});

/**
 * A message above the loaded ones, at the mean height of loaded rows until it loads. The one next to the loaded
 * messages tells a screen reader what the others are.
 */
function OlderPlaceholder({ height, nearest }: { height: number; nearest: boolean }) {
  return (
    <div style={{ height }} className="py-4" data-testid="older-placeholder">
      <div className="h-full rounded-xl bg-muted/50" aria-hidden="true" />
      {nearest && <span className="sr-only">Loading earlier messages…</span>}
    </div>
  );
}
