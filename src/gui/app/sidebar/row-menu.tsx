/**
 * A sidebar chat row's menu (rename, pin, export, delete), opened by its "…" button, a right
 * click, the context-menu key or Shift+F10. It is drawn in a portal at fixed coordinates so the
 * scrolling chat list (or the phone drawer) never clips it; arrow keys move between its items and
 * Escape gives focus back to the row.
 */
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { EXPORT_URLS } from '../../../shared/portability-api';
import { DownloadIcon, PinIcon } from '../../ui/icons';
import { PencilIcon, TrashIcon } from '../../ui/icons-later';

export interface RowMenuProps {
  label: string;
  chatId: string;
  pinned: boolean;
  /** Where the menu opens: the "…" button's or the pointer's position. */
  at: { x: number; y: number };
  onRename: () => void;
  onTogglePin: () => void;
  onDelete: () => void;
  /** `refocus`: the menu was left with the keyboard, so focus goes back to the row. */
  onClose: (refocus: boolean) => void;
}

const MENU_WIDTH = 224;
const MARGIN = 8;

export function RowMenu({ label, chatId, pinned, at, onRename, onTogglePin, onDelete, onClose }: RowMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: at.x, top: at.y });
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  // Kept inside the viewport: flipped up near the bottom, pulled in from the right edge.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    const height = menu.offsetHeight;
    const left = Math.max(MARGIN, Math.min(at.x, window.innerWidth - MENU_WIDTH - MARGIN));
    const top = at.y + height + MARGIN > window.innerHeight ? Math.max(MARGIN, at.y - height) : at.y;
    setPos({ left, top });
    menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [at.x, at.y]);

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) onCloseRef.current(false);
    };
    const onScroll = () => onCloseRef.current(false);
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('resize', onScroll);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('resize', onScroll);
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') focusAt(at + 1);
    else if (event.key === 'ArrowUp') focusAt(at - 1);
    else if (event.key === 'Home') focusAt(0);
    else if (event.key === 'End') focusAt(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') onClose(true);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const item =
    'flex w-full items-center gap-2.5 rounded-md px-3 py-1.5 text-left text-sm text-foreground no-underline hover:bg-muted focus:bg-muted';
  const run = (action: () => void) => () => {
    onClose(false);
    action();
  };
  return createPortal(
    <div
      ref={menuRef}
      role="menu"
      aria-label={`Actions for “${label}”`}
      className="fixed z-50 rounded-lg border border-border bg-background p-1 shadow-lg"
      style={{ left: pos.left, top: pos.top, width: MENU_WIDTH }}
      onKeyDown={onKeyDown}
      data-testid="chat-row-menu"
    >
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className={item}
        onClick={run(onRename)}
        data-testid="rename-chat"
      >
        <PencilIcon size={14} /> Rename
      </button>
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className={item}
        onClick={run(onTogglePin)}
        data-testid="pin-chat"
      >
        <PinIcon size={14} /> {pinned ? 'Unpin' : 'Pin'}
      </button>
      <a
        role="menuitem"
        tabIndex={-1}
        className={item}
        href={EXPORT_URLS.chat(chatId, 'json')}
        download
        onClick={() => onClose(true)}
        data-testid="export-chat-json"
      >
        <DownloadIcon size={14} /> Export as JSON
      </a>
      <a
        role="menuitem"
        tabIndex={-1}
        className={item}
        href={EXPORT_URLS.chat(chatId, 'md')}
        download
        onClick={() => onClose(true)}
        data-testid="export-chat-md"
      >
        <DownloadIcon size={14} /> Export as Markdown
      </a>
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className={`${item} text-danger`}
        onClick={run(onDelete)}
        data-testid="delete-chat"
      >
        <TrashIcon size={14} /> Delete…
      </button>
    </div>,
    document.body,
  );
}
