import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText, flattenChats, useChats } from '../../api';
import { useActiveJobCount } from '../../model-selector/jobs-store';
import { CubeIcon, KeyboardIcon, NewChatIcon, SearchIcon, SettingsIcon, SidebarIcon, XIcon } from '../../ui/icons';
import { Deferred, lazyNamed } from '../../ui/lazy-named';
import { onLinkClick, type Route } from '../../ui/router';
import { useUiStore } from '../../ui/ui-store';
import { loadModelsPage } from '../lazy-pages';
import { ChatRow } from './chat-row';
import { groupChats } from './group-chats';
import { ImportButton, useChatImport } from './import-chats';
import { moveFocus } from './move-focus';
import { useRovingRows } from './roving-rows';

// Fetched with the first search: most visits never type in the box.
const SearchResults = lazyNamed(
  () => import('./search-results'),
  (m) => m.SearchResults,
);

const SEARCH_DEBOUNCE_MS = 200;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Pulls and updates running in the background, next to the Models link. */
function ActiveJobsBadge() {
  const count = useActiveJobCount();
  if (count === 0) return null;
  return (
    <span
      className="ml-auto inline-flex items-center gap-1 text-xs text-muted-foreground"
      title={`${count} download${count === 1 ? '' : 's'} in progress`}
      data-testid="active-jobs-badge"
    >
      <span className="live-dot" aria-hidden="true" />
      <span className="sr-only">{count} downloads in progress</span>
      <span aria-hidden="true">{count}</span>
    </span>
  );
}

export function Sidebar({ route }: { route: Route }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  // Typing searches titles and message text (GET /api/search); the plain list shows when empty.
  const chats = useChats('');
  const resultsRef = useRef<HTMLElement>(null);
  const list = useMemo(() => flattenChats(chats.data), [chats.data]);
  const groups = useMemo(() => groupChats(list), [list]);
  const searchRef = useRef<HTMLInputElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const toggleSidebar = useUiStore((s) => s.toggleSidebar);
  const setDrawerOpen = useUiStore((s) => s.setDrawerOpen);
  const activeChatId = route.name === 'chat' ? route.chatId : null;
  const importer = useChatImport();
  useRovingRows(listRef);

  useEffect(() => {
    useUiStore.getState().setSearchFocus(() => searchRef.current?.focus());
    return () => useUiStore.getState().setSearchFocus(null);
  }, []);

  // Load older chats when the end of the list scrolls into view.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = chats;
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const go = (event: React.MouseEvent<HTMLAnchorElement>, target: Route) => {
    onLinkClick(event, target);
    setDrawerOpen(false);
  };

  return (
    <nav
      className={`flex h-full w-full flex-col bg-sidebar ${importer.dragging ? 'outline-2 outline-accent outline-dashed -outline-offset-4' : ''}`}
      aria-label="Chats"
      data-testid="sidebar"
      {...importer.dropProps}
    >
      <div className="flex items-center gap-1 px-2 pt-2">
        <a
          href="/"
          className="flex flex-1 items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium hover:bg-muted"
          data-testid="new-chat"
          onClick={(e) => {
            go(e, { name: 'home' });
            requestAnimationFrame(() => useUiStore.getState().chatCommands?.focusComposer());
          }}
        >
          <NewChatIcon size={17} />
          New chat
        </a>
        <ImportButton onFile={importer.start} pending={importer.pending} />
        <button
          type="button"
          className="icon-button hidden md:inline-flex"
          aria-label="Hide the sidebar"
          title="Hide the sidebar"
          onClick={toggleSidebar}
        >
          <SidebarIcon />
        </button>
        <button
          type="button"
          className="icon-button md:hidden"
          aria-label="Close the chat list"
          onClick={() => setDrawerOpen(false)}
        >
          <XIcon />
        </button>
      </div>

      <div className="px-2 pt-2 pb-1">
        <div className="flex items-center gap-2 rounded-lg border border-input bg-background px-2.5 focus-within:border-accent focus-within:outline-2 focus-within:outline-accent">
          <SearchIcon size={15} className="flex-none text-muted-foreground" />
          <input
            ref={searchRef}
            type="search"
            className="h-8 min-w-0 flex-1 bg-transparent text-sm focus:outline-none"
            placeholder="Search chats and messages"
            aria-label="Search chats and messages"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && q) {
                e.preventDefault();
                moveFocus(resultsRef.current, 1);
              }
              if (e.key === 'Escape' && search) {
                e.preventDefault();
                e.stopPropagation();
                setSearch('');
              }
            }}
            data-testid="chat-search"
          />
        </div>
      </div>

      {importer.view}
      {q && (
        <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-2">
          <Deferred>
            <SearchResults q={q} listRef={resultsRef} />
          </Deferred>
        </div>
      )}
      <div
        ref={listRef}
        className={`min-h-0 flex-1 overflow-y-auto px-2 pb-2 ${q ? 'hidden' : ''}`}
        data-testid="chat-list"
      >
        {chats.isPending && <p className="px-3 py-2 text-sm text-muted-foreground">Loading chats…</p>}
        {chats.isError && (
          <p className="px-3 py-2 text-sm text-danger" role="alert">
            {errorText(chats.error)}
          </p>
        )}
        {chats.isSuccess && list.length === 0 && (
          <p className="px-3 py-2 text-sm text-muted-foreground" data-testid="chat-list-empty">
            {q ? `No chats match “${q}”.` : 'No chats yet. Your conversations will appear here.'}
          </p>
        )}
        {groups.map((group) => (
          <section key={group.label} className="mt-3" aria-label={group.label}>
            <h2 className="m-0 px-3 pb-1 text-xs font-medium text-muted-foreground">{group.label}</h2>
            <ul className="m-0 list-none space-y-0.5 p-0">
              {group.chats.map((chat) => (
                <ChatRow key={chat.id} chat={chat} active={chat.id === activeChatId} />
              ))}
            </ul>
          </section>
        ))}
        <div ref={sentinelRef} className="h-4" />
        {isFetchingNextPage && <p className="px-3 text-xs text-muted-foreground">Loading older chats…</p>}
      </div>

      <div className="flex items-center gap-1 border-t border-border p-2">
        <a
          href="/models"
          className={`flex flex-1 items-center gap-2 rounded-lg px-3 py-1.5 text-sm hover:bg-muted ${route.name === 'models' || route.name === 'model' ? 'bg-muted' : ''}`}
          aria-current={route.name === 'models' ? 'page' : undefined}
          onClick={(e) => go(e, { name: 'models' })}
          onPointerEnter={() => void loadModelsPage()}
          onFocus={() => void loadModelsPage()}
          data-testid="models-link"
        >
          <CubeIcon size={16} /> Models
          <ActiveJobsBadge />
        </a>
        <a
          href="/settings"
          className={`flex flex-1 items-center gap-2 rounded-lg px-3 py-1.5 text-sm hover:bg-muted ${route.name === 'settings' ? 'bg-muted' : ''}`}
          aria-current={route.name === 'settings' ? 'page' : undefined}
          onClick={(e) => go(e, { name: 'settings' })}
          data-testid="settings-link"
        >
          <SettingsIcon size={16} /> Settings
        </a>
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => useUiStore.getState().setShortcutsOpen(true)}
        >
          <KeyboardIcon size={17} />
        </button>
      </div>
    </nav>
  );
}
