import { useCallback, useEffect, useRef, useState } from 'react';

/** Within this many px of the end counts as "at the bottom" (new content keeps the view pinned). */
export const BOTTOM_SLACK = 48;

export interface StickToBottom {
  /** The scrolling element. */
  scrollRef: (el: HTMLElement | null) => void;
  /** The element whose growth (streamed text, measured rows) is followed while at the bottom. */
  contentRef: (el: HTMLElement | null) => void;
  onScroll: () => void;
  /** Render-time view of `isAtBottom` (for the "jump to latest" button). */
  atBottom: boolean;
  isAtBottom: () => boolean;
  /** Scrolls to the end and follows new content again. */
  scrollToBottom: () => void;
  release: () => void;
  /**
   * Call after every change the app makes to the content's height (a layout effect on the total size),
   * with that height when known: each change becomes a check point, so a shrink and a growth in two
   * commits between scroll events are never summed into what looks like the reader moving up.
   */
  contentResized: (height?: number) => void;
  /**
   * Whether a scroll position is the end this hook scrolled to while following new content: a scroll
   * event there is the app's own move, not the reader scrolling (the list's virtualizer re-renders when
   * the reader starts and stops scrolling, twice per streamed update if it took ours for one).
   */
  isFollowScroll: (top: number) => boolean;
}

/** The scroller's geometry as last read where reading it is cheap (see `useStickToBottom`). */
interface Geometry {
  top: number;
  /** The content's height (the scroller has no padding: its scrollHeight is max(content, client)). */
  content: number;
  client: number;
}

const scrollHeightOf = (g: Geometry) => Math.max(g.content, g.client);

function blockSize(entry: ResizeObserverEntry | undefined): number | null {
  if (!entry) return null;
  return entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height;
}

/**
 * Keeps a scroll container pinned to its end while the reader is there, and lets the reader leave
 * by any means: wheel, touch, keys with focus anywhere, find-in-page, assistive technology, or a
 * script setting `scrollTop`. Content growth never moves `scrollTop` up; every way of leaving
 * does — so a scroll that moved up is the reader leaving, and anything else while pinned is growth.
 *
 * Geometry is read only where the browser has it laid out already (scroll events, resize-observer
 * entries, the height the list reports) and cached: reading `scrollTop` or `scrollHeight` right after
 * the DOM changed forces a layout of its own, once per streamed update. The one exception is the
 * write that follows new content, which needs that layout anyway.
 */
export function useStickToBottom(slack = BOTTOM_SLACK): StickToBottom {
  const scrollEl = useRef<HTMLElement | null>(null);
  /** The last element seen; a callback ref is called with null and the same element on re-renders. */
  const knownEl = useRef<HTMLElement | null>(null);
  const pinned = useRef(true);
  const geo = useRef<Geometry>({ top: 0, content: 0, client: 0 });
  /** The check point a move is measured from: scrollTop and scrollHeight as of the last one. */
  const lastTop = useRef(0);
  const lastHeight = useRef(0);
  /** The scrollTop the last follow of the end wrote (NaN before any). */
  const followedTo = useRef(Number.NaN);
  const [atBottom, setAtBottom] = useState(true);

  const setPinned = useCallback((value: boolean) => {
    pinned.current = value;
    setAtBottom(value);
  }, []);

  /** Reads everything from the element: only where layout is current, or about to be needed anyway. */
  const readAll = useCallback((el: HTMLElement) => {
    const g = geo.current;
    g.top = el.scrollTop;
    g.client = el.clientHeight;
    g.content = el.scrollHeight;
  }, []);

  const toEnd = useCallback(() => {
    const el = scrollEl.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    // Layout is current after the write: these reads are free.
    readAll(el);
    lastTop.current = geo.current.top;
    lastHeight.current = scrollHeightOf(geo.current);
    followedTo.current = geo.current.top;
  }, [readAll]);

  const nearEnd = useCallback(
    (top: number) => scrollHeightOf(geo.current) - top - geo.current.client <= slack,
    [slack],
  );

  /**
   * Whether the view moved up by more than shrinking content can explain. Content that shrank (a
   * block re-laid out smaller, a row measured smaller than its estimate) pulls scrollTop up by at
   * most the height it lost; a jump made by the reader (or a script) moves it further, even when rows
   * are re-measured in the same frame.
   */
  const movedUpByReader = useCallback((top: number) => {
    const shrink = Math.max(0, lastHeight.current - scrollHeightOf(geo.current));
    return top < lastTop.current - 1 - shrink;
  }, []);

  const onScroll = useCallback(() => {
    const el = scrollEl.current;
    if (!el) return;
    readAll(el);
    const top = geo.current.top;
    const movedUp = movedUpByReader(top);
    lastTop.current = top;
    lastHeight.current = scrollHeightOf(geo.current);
    if (nearEnd(top)) {
      if (!pinned.current) setPinned(true);
    } else if (movedUp) {
      if (pinned.current) setPinned(false);
    } else if (pinned.current) {
      // Not moved up yet no longer at the end: content grew below (or rows were re-measured).
      toEnd();
    }
  }, [readAll, nearEnd, movedUpByReader, setPinned, toEnd]);

  const contentResized = useCallback(
    (height?: number) => {
      const scroller = scrollEl.current;
      if (!scroller) return;
      const g = geo.current;
      if (height === undefined) g.content = scroller.scrollHeight;
      else if (height === g.content && lastHeight.current === scrollHeightOf(g)) return;
      else g.content = height;
      const max = Math.max(0, scrollHeightOf(g) - g.client);
      // Content that shrank below the view: the browser clamps scrollTop to the new end.
      if (g.top > max) g.top = max;
      if (!pinned.current || g.top >= max - 1) {
        lastTop.current = Math.min(lastTop.current, max);
        if (!pinned.current) lastTop.current = g.top;
        lastHeight.current = scrollHeightOf(g);
        return;
      }
      // Following the end takes a write, and the write a layout: reading the position first costs nothing more.
      // The view may have moved up since the last scroll event (that event is still on its way):
      // that is the reader leaving, not something to undo.
      const top = scroller.scrollTop;
      if (movedUpByReader(top) && !nearEnd(top)) {
        g.top = top;
        lastTop.current = top;
        lastHeight.current = scrollHeightOf(g);
        setPinned(false);
        return;
      }
      toEnd();
    },
    [toEnd, nearEnd, movedUpByReader, setPinned],
  );

  /**
   * One observer for both elements: the content (its growth is followed) and the scroller (a window
   * resize changes the viewport's height without a scroll event). Its entries carry the sizes.
   */
  const observer = useRef<ResizeObserver | null>(null);
  const contentEl = useRef<HTMLElement | null>(null);
  const observe = useCallback(
    (el: HTMLElement) => {
      if (typeof ResizeObserver === 'undefined') return;
      observer.current ??= new ResizeObserver((entries) => {
        let content: number | undefined;
        for (const entry of entries) {
          if (entry.target === scrollEl.current) geo.current.client = entry.contentRect.height;
          else content = blockSize(entry) ?? undefined;
        }
        if (content !== undefined || entries.length === 0) contentResized(content);
      });
      observer.current.observe(el);
    },
    [contentResized],
  );
  const contentRef = useCallback(
    (el: HTMLElement | null) => {
      if (contentEl.current && contentEl.current !== el) observer.current?.unobserve(contentEl.current);
      contentEl.current = el;
      if (el) observe(el);
    },
    [observe],
  );
  useEffect(() => () => observer.current?.disconnect(), []);

  const scrollRef = useCallback(
    (el: HTMLElement | null) => {
      // Only a new element resets the reference point: re-reading it on every render would hide a
      // move made since the last scroll event.
      if (el && el !== knownEl.current) {
        if (knownEl.current) observer.current?.unobserve(knownEl.current);
        knownEl.current = el;
        readAll(el);
        lastTop.current = geo.current.top;
        lastHeight.current = scrollHeightOf(geo.current);
        observe(el);
      }
      scrollEl.current = el;
    },
    [readAll, observe],
  );

  const scrollToBottom = useCallback(() => {
    setPinned(true);
    toEnd();
  }, [setPinned, toEnd]);

  const isAtBottom = useCallback(() => pinned.current, []);
  const isFollowScroll = useCallback((top: number) => pinned.current && Math.abs(top - followedTo.current) < 1, []);
  /** Stops following the end, for a jump elsewhere made by the app (e.g. to a search result). */
  const release = useCallback(() => setPinned(false), [setPinned]);
  return {
    scrollRef,
    contentRef,
    onScroll,
    atBottom,
    isAtBottom,
    scrollToBottom,
    release,
    contentResized,
    isFollowScroll,
  };
}
