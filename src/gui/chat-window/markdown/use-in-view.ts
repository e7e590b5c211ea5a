import { type RefObject, useEffect, useState } from 'react';

type Callback = (entry: IntersectionObserverEntry) => void;
const callbacks = new WeakMap<Element, Callback>();
const observers = new Map<string, IntersectionObserver>();

function sharedObserver(margin: string): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  let io = observers.get(margin);
  if (!io) {
    io = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) callbacks.get(entry.target)?.(entry);
      },
      { rootMargin: `${margin} 0px` },
    );
    observers.set(margin, io);
  }
  return io;
}

/** Calls back whenever the element comes within `margin` of the screen or leaves it; one observer per margin. Null: not observed. */
export function useIntersection(ref: RefObject<Element | null>, margin: string, onChange: Callback | null): void {
  useEffect(() => {
    const el = ref.current;
    const io = sharedObserver(margin);
    if (!el || !io || !onChange) return;
    callbacks.set(el, onChange);
    io.observe(el);
    return () => {
      io.unobserve(el);
      callbacks.delete(el);
    };
  }, [ref, margin, onChange]);
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
