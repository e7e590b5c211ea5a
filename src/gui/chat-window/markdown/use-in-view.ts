import { type RefObject, useEffect, useState } from 'react';

type Callback = (entry: IntersectionObserverEntry) => void;
const callbacks = new WeakMap<Element, Callback>();
/** Observers by root (the page when none) and margin. */
const observers = new WeakMap<Element | Document, Map<string, IntersectionObserver>>();

function sharedObserver(root: Element | null, margin: string): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  const key = root ?? document;
  let byMargin = observers.get(key);
  if (!byMargin) {
    byMargin = new Map();
    observers.set(key, byMargin);
  }
  let io = byMargin.get(margin);
  if (!io) {
    io = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) callbacks.get(entry.target)?.(entry);
      },
      { root, rootMargin: `${margin} 0px` },
    );
    byMargin.set(margin, io);
  }
  return io;
}

/** The page as root: one function, so the effect below does not observe again on every render. */
const pageRoot = (): Element | null => null;

/**
 * Calls back whenever the element comes within `margin` of the screen or leaves it; one observer per root
 * and margin. Null: not observed. Inside a scrolling list, pass the list as `root`: the margin widens the
 * root only, and the list's own edges would otherwise clip everything outside it.
 */
export function useIntersection(
  ref: RefObject<Element | null>,
  margin: string,
  onChange: Callback | null,
  root: () => Element | null = pageRoot,
): void {
  useEffect(() => {
    const el = ref.current;
    const io = sharedObserver(root(), margin);
    if (!el || !io || !onChange) return;
    callbacks.set(el, onChange);
    io.observe(el);
    return () => {
      io.unobserve(el);
      callbacks.delete(el);
    };
  }, [ref, margin, onChange, root]);
}

/** Whether the element is on (or near) the screen. Without IntersectionObserver everything counts as visible. */
export function useInView(ref: RefObject<Element | null>, margin = '300px'): boolean {
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined');
  useIntersection(ref, margin, onVisibility(setVisible));
  return visible;
}

const visibilityHandlers = new WeakMap<(v: boolean) => void, Callback>();
function onVisibility(set: (v: boolean) => void): Callback {
  let handler = visibilityHandlers.get(set);
  if (!handler) {
    handler = (entry) => set(entry.isIntersecting);
    visibilityHandlers.set(set, handler);
  }
  return handler;
}

const sizeCallbacks = new WeakMap<Element, (height: number) => void>();
let sizeObserver: ResizeObserver | null = null;

/**
 * Calls back with the element's height each time the browser lays it out at a new one (the first time
 * included; one observer for the page) until the returned function stops it. Reading `offsetHeight`
 * right after a render instead forces that layout inside the render's task, and the frame did it again.
 * Without ResizeObserver it calls back once, at once.
 */
export function watchHeight(el: Element, callback: (height: number) => void): () => void {
  if (typeof ResizeObserver === 'undefined') {
    callback(el.getBoundingClientRect().height);
    return () => undefined;
  }
  sizeObserver ??= new ResizeObserver((entries) => {
    for (const entry of entries) {
      sizeCallbacks.get(entry.target)?.(entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height);
    }
  });
  const observer = sizeObserver;
  sizeCallbacks.set(el, callback);
  observer.observe(el);
  return () => {
    if (sizeCallbacks.get(el) !== callback) return;
    sizeCallbacks.delete(el);
    observer.unobserve(el);
  };
}
