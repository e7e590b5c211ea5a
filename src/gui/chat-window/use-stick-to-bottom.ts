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
   * Call after every change the app makes to the content's height (a layout effect on the total size):
   * each change becomes a check point, so a shrink and a growth in two commits between scroll events
   * are never summed into what looks like the reader moving up.
   */
  contentResized: () => void;
}

/**
 * Keeps a scroll container pinned to its end while the reader is there, and lets the reader leave
 * by any means: wheel, touch, keys with focus anywhere, find-in-page, assistive technology, or a
 * script setting `scrollTop`. Content growth never moves `scrollTop` up; every way of leaving
 * does — so a scroll that moved up is the reader leaving, and anything else while pinned is growth.
 */
export function useStickToBottom(slack = BOTTOM_SLACK): StickToBottom {
  const scrollEl = useRef<HTMLElement | null>(null);
  /** The last element seen; a callback ref is called with null and the same element on re-renders. */
  const knownEl = useRef<HTMLElement | null>(null);
  const pinned = useRef(true);
  const lastTop = useRef(0);
  const lastHeight = useRef(0);
  const [atBottom, setAtBottom] = useState(true);

  const setPinned = useCallback((value: boolean) => {
    pinned.current = value;
    setAtBottom(value);
  }, []);

  const toEnd = useCallback(() => {
    const el = scrollEl.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
    lastHeight.current = el.scrollHeight;
  }, []);

  const nearEnd = useCallback((el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= slack, [slack]);

  /**
   * Whether the view moved up by more than shrinking content can explain. Content that shrank (a
   * block re-laid out smaller, a row measured smaller than its estimate) pulls scrollTop up by at
   * most the height it lost; a jump made by the reader (or a script) moves it further, even when rows
   * are re-measured in the same frame.
   */
  const movedUpByReader = useCallback((el: HTMLElement) => {
    const shrink = Math.max(0, lastHeight.current - el.scrollHeight);
    return el.scrollTop < lastTop.current - 1 - shrink;
  }, []);

  const onScroll = useCallback(() => {
    const el = scrollEl.current;
    if (!el) return;
    const top = el.scrollTop;
    const movedUp = movedUpByReader(el);
    lastTop.current = top;
    lastHeight.current = el.scrollHeight;
    if (nearEnd(el)) {
      if (!pinned.current) setPinned(true);
    } else if (movedUp) {
      if (pinned.current) setPinned(false);
    } else if (pinned.current) {
      // Not moved up yet no longer at the end: content grew below (or rows were re-measured).
      toEnd();
    }
  }, [nearEnd, movedUpByReader, setPinned, toEnd]);

  const contentResized = useCallback(() => {
    const scroller = scrollEl.current;
    if (!scroller) return;
    if (!pinned.current) {
      lastTop.current = scroller.scrollTop;
      lastHeight.current = scroller.scrollHeight;
      return;
    }
    // The view may have moved up since the last scroll event (that event is still on its way):
    // that is the reader leaving, not something to undo.
    if (movedUpByReader(scroller) && !nearEnd(scroller)) {
      lastTop.current = scroller.scrollTop;
      lastHeight.current = scroller.scrollHeight;
      setPinned(false);
      return;
    }
    toEnd();
  }, [toEnd, nearEnd, movedUpByReader, setPinned]);

  const observer = useRef<ResizeObserver | null>(null);
  const contentRef = useCallback(
    (el: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!el || typeof ResizeObserver === 'undefined') return;
      observer.current = new ResizeObserver(contentResized);
      observer.current.observe(el);
    },
    [contentResized],
  );
  useEffect(() => () => observer.current?.disconnect(), []);

  const scrollRef = useCallback((el: HTMLElement | null) => {
    // Only a new element resets the reference point: re-reading it on every render would hide a
    // move made since the last scroll event.
    if (el && el !== knownEl.current) {
      knownEl.current = el;
      lastTop.current = el.scrollTop;
      lastHeight.current = el.scrollHeight;
    }
    scrollEl.current = el;
  }, []);

  const scrollToBottom = useCallback(() => {
    setPinned(true);
    toEnd();
  }, [setPinned, toEnd]);

  const isAtBottom = useCallback(() => pinned.current, []);
  /** Stops following the end, for a jump elsewhere made by the app (e.g. to a search result). */
  const release = useCallback(() => setPinned(false), [setPinned]);
  return { scrollRef, contentRef, onScroll, atBottom, isAtBottom, scrollToBottom, release, contentResized };
}
