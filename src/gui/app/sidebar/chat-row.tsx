import { memo, useEffect, useRef, useState } from 'react';
import type { Chat } from '../../../shared/api';
import { errorText, useUpdateChat } from '../../api';
import { DeleteChatDialog, preloadChatView, useThreadRegistry } from '../../chat-window';
import { MoreIcon, PinIcon } from '../../ui/icons';
import { Deferred, lazyNamed } from '../../ui/lazy-named';
import { onLinkClick } from '../../ui/router';
import { showToast } from '../../ui/toast-store';
import { useUiStore } from '../../ui/ui-store';

// Fetched when a row's menu first opens.
const RowMenu = lazyNamed(
  () => import('./row-menu'),
  (m) => m.RowMenu,
);

function ChatRowImpl({ chat, active }: { chat: Chat; active: boolean }) {
  const registry = useThreadRegistry();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(chat.title);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const rowRef = useRef<HTMLAnchorElement>(null);
  const openMenuBelow = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    setMenuAt({ x: r.right - 224, y: r.bottom + 2 });
  };
  const update = useUpdateChat();

  useEffect(() => {
    if (renaming) {
      setTitle(chat.title);
      requestAnimationFrame(() => inputRef.current?.select());
    }
  }, [renaming, chat.title]);

  const commitRename = () => {
    setRenaming(false);
    const next = title.trim();
    if (!next || next === chat.title) return;
    update.mutate(
      { id: chat.id, body: { title: next } },
      { onError: (e) => showToast('error', `Couldn't rename the chat. ${errorText(e)}`) },
    );
  };

  const label = chat.title || 'New chat';

  return (
    <li className="group/row relative">
      {renaming ? (
        <input
          ref={inputRef}
          className="field !py-1.5"
          value={title}
          aria-label="Chat title"
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={commitRename}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commitRename();
              requestAnimationFrame(() => rowRef.current?.focus());
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setRenaming(false);
              requestAnimationFrame(() => rowRef.current?.focus());
            }
          }}
          data-testid="rename-input"
        />
      ) : (
        <a
          href={`/c/${encodeURIComponent(chat.id)}`}
          className={`flex items-center gap-2 rounded-lg py-1.5 pr-9 pl-3 text-sm hover:bg-muted ${
            active ? 'bg-muted font-medium text-foreground' : 'text-foreground/90'
          }`}
          aria-current={active ? 'page' : undefined}
          ref={rowRef}
          data-testid="chat-item"
          data-chat-id={chat.id}
          data-roving-row
          aria-haspopup="menu"
          onKeyDown={(e) => {
            // The row's menu from the keyboard: the context-menu key or Shift+F10, as in desktop apps.
            if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
              e.preventDefault();
              openMenuBelow(e.currentTarget);
            }
          }}
          onContextMenu={(e) => {
            e.preventDefault();
            setMenuAt({ x: e.clientX, y: e.clientY });
          }}
          data-generating={chat.generating || undefined}
          onPointerEnter={preloadChatView}
          onFocus={preloadChatView}
          onPointerDown={(e) => {
            // The messages are fetched while the button is still down: the click finds them on the way.
            if (e.button === 0 && !active) {
              preloadChatView();
              registry.prefetch(chat.id);
            }
          }}
          onClick={(e) => {
            onLinkClick(e, { name: 'chat', chatId: chat.id });
            useUiStore.getState().setDrawerOpen(false);
          }}
          title={chat.title}
        >
          {chat.pinned && <PinIcon size={12} className="flex-none text-muted-foreground" />}
          <span className="line-clamp-2 min-w-0 flex-1 break-words" data-testid="chat-title">
            {label}
          </span>
          {chat.generating && (
            // A static dot, not the pulsing `.live-dot`: in Chromium's software compositing (no GPU) the pulse
            // ticked main-thread frames (style, paint, animation events) for as long as the answer streamed,
            // and even `will-change: opacity` did not move it off the main thread.
            <span
              className="h-2 w-2 flex-none rounded-full bg-accent"
              role="img"
              aria-label="Answering now"
              data-testid="chat-live-dot"
            />
          )}
        </a>
      )}
      {!renaming && (
        <button
          type="button"
          tabIndex={-1}
          className={`icon-button absolute top-1/2 right-1 !h-7 !w-7 -translate-y-1/2 ${
            menuAt ? 'opacity-100' : 'opacity-0 group-focus-within/row:opacity-100 group-hover/row:opacity-100'
          }`}
          aria-label={`Actions for “${label}”`}
          title="Rename, pin, export, delete"
          aria-haspopup="menu"
          aria-expanded={menuAt !== null}
          onClick={(e) => openMenuBelow(e.currentTarget)}
          data-testid="chat-row-menu-button"
        >
          <MoreIcon size={16} />
        </button>
      )}
      {menuAt && (
        <Deferred onError={() => setMenuAt(null)}>
          <RowMenu
            label={label}
            chatId={chat.id}
            pinned={chat.pinned}
            at={menuAt}
            onRename={() => setRenaming(true)}
            onTogglePin={() => update.mutate({ id: chat.id, body: { pinned: !chat.pinned } })}
            onDelete={() => setConfirmDelete(true)}
            onClose={(refocus) => {
              setMenuAt(null);
              if (refocus) rowRef.current?.focus();
            }}
          />
        </Deferred>
      )}
      {confirmDelete && <DeleteChatDialog chatId={chat.id} title={label} onClose={() => setConfirmDelete(false)} />}
    </li>
  );
}

export const ChatRow = memo(ChatRowImpl);
