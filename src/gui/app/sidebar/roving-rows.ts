import { useEffect, useRef } from 'react';

/**
 * The chat list as one tab stop: only the current row (the last focused, else the open chat, else
 * the first) is tabbable, ArrowUp/ArrowDown/Home/End move between rows. Rows are the container's
 * `[data-roving-row]` elements; their tabindex is set here, not by React, so rows stay simple.
 */
export function useRovingRows(container: React.RefObject<HTMLElement | null>): void {
  const current = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const rows = () => Array.from(root.querySelectorAll<HTMLElement>('[data-roving-row]'));
    const settle = () => {
      const all = rows();
      if (current.current && !all.includes(current.current)) current.current = null;
      const stop = current.current ?? all.find((row) => row.getAttribute('aria-current') === 'page') ?? all[0] ?? null;
      for (const row of all) {
        const tabIndex = row === stop ? '0' : '-1';
        if (row.getAttribute('tabindex') !== tabIndex) row.setAttribute('tabindex', tabIndex);
      }
    };
    const onFocusIn = (event: FocusEvent) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('[data-roving-row]');
      if (!row || !root.contains(row)) return;
      current.current = row;
      for (const other of rows()) other.setAttribute('tabindex', other === row ? '0' : '-1');
    };
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (!target.hasAttribute('data-roving-row')) return;
      const all = rows();
      const at = all.indexOf(target);
      const next =
        event.key === 'ArrowDown'
          ? all[at + 1]
          : event.key === 'ArrowUp'
            ? all[at - 1]
            : event.key === 'Home'
              ? all[0]
              : event.key === 'End'
                ? all.at(-1)
                : undefined;
      if (!next) return;
      event.preventDefault();
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
    };
    settle();
    const observer = new MutationObserver(settle);
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-current'] });
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('keydown', onKeyDown);
    return () => {
      observer.disconnect();
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('keydown', onKeyDown);
    };
  }, [container]);
}
