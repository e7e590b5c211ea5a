/**
 * Results of the sidebar search over titles and message text. Highlights arrive as data
 * (segments flagged `match`) and are rendered as text in <mark>, never as HTML.
 * ArrowDown/ArrowUp move between results (from the search box too), Enter opens one.
 */
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import type { SearchMessageHit, TextSegment } from '../../../shared/search-api';
import { api, errorText } from '../../api';
import { navigate } from '../../ui/router';
import { useSearchTarget } from '../../ui/search-target';
import { useUiStore } from '../../ui/ui-store';
import { moveFocus } from './move-focus';

function Highlighted({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <mark key={i} className="rounded-sm bg-accent/25 px-0.5 text-foreground">
            {s.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/**
 * While typing, the last word is probably unfinished: search it as a prefix (`plat` finds
 * `platypus`), unless it already ends a phrase or has its own `*`.
 */
export function asYouType(q: string): string {
  const quotes = (q.match(/"/g) ?? []).length;
  if (quotes % 2 === 1 || /["*\s]$/.test(q) || !/[\p{L}\p{N}]$/u.test(q)) return q;
  return `${q}*`;
}

export function SearchResults({ q, listRef }: { q: string; listRef: React.RefObject<HTMLElement | null> }) {
  const result = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.search(asYouType(q), signal),
    staleTime: 5_000,
  });
  const local = useRef<HTMLElement>(null);
  const setDrawerOpen = useUiStore((s) => s.setDrawerOpen);

  const openChat = (event: React.MouseEvent, chatId: string) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({ name: 'chat', chatId });
    setDrawerOpen(false);
  };
  const openMessage = (event: React.MouseEvent, hit: SearchMessageHit) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    useSearchTarget.getState().open({ chatId: hit.chatId, messageId: hit.messageId, leaf: hit.leaf });
    navigate({ name: 'chat', chatId: hit.chatId });
    setDrawerOpen(false);
  };

  const data = result.data;
  const empty = data && data.titles.length === 0 && data.messages.length === 0;
  return (
    <section
      ref={(el) => {
        local.current = el;
        listRef.current = el;
      }}
      data-testid="search-results"
      aria-label={`Search results for ${q}`}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          moveFocus(local.current, e.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      {result.isPending && (
        <p className="px-3 py-2 text-sm text-muted-foreground" aria-live="polite">
          Searching…
        </p>
      )}
      {result.isError && (
        <p className="px-3 py-2 text-sm text-danger" role="alert">
          {errorText(result.error)}
        </p>
      )}
      {empty && (
        <p className="px-3 py-2 text-sm text-muted-foreground" data-testid="search-empty">
          Nothing matches “{q}”.
        </p>
      )}
      {data && data.titles.length > 0 && (
        <section className="mt-3" aria-label="Chats">
          <h2 className="m-0 px-3 pb-1 text-xs font-medium text-muted-foreground">Chats</h2>
          <ul className="m-0 list-none space-y-0.5 p-0">
            {data.titles.map((t) => (
              <li key={t.chatId}>
                <a
                  href={`/c/${encodeURIComponent(t.chatId)}`}
                  data-search-result=""
                  className="block truncate rounded-lg px-3 py-1.5 text-sm hover:bg-muted focus:bg-muted"
                  onClick={(e) => openChat(e, t.chatId)}
                >
                  <Highlighted segments={t.title} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data && data.messages.length > 0 && (
        <section className="mt-3" aria-label="Messages">
          <h2 className="m-0 px-3 pb-1 text-xs font-medium text-muted-foreground">Messages</h2>
          <ul className="m-0 list-none space-y-0.5 p-0">
            {data.messages.map((hit) => (
              <li key={hit.messageId}>
                <a
                  href={`/c/${encodeURIComponent(hit.chatId)}`}
                  data-search-result=""
                  data-testid="search-hit"
                  className="block rounded-lg px-3 py-1.5 text-sm hover:bg-muted focus:bg-muted"
                  onClick={(e) => openMessage(e, hit)}
                >
                  <span className="block truncate text-xs text-muted-foreground">
                    {hit.chatTitle} · {hit.role === 'user' ? 'You' : (hit.model ?? 'Assistant')}
                  </span>
                  <span className="line-clamp-2 break-words">
                    <Highlighted segments={hit.snippet} />
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
