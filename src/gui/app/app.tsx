import { Suspense } from 'react';
import { ChatView, ThreadRegistryProvider } from '../chat-window';
import { useModelEvents } from '../model-selector/use-model-events';
import { ThemeToggle } from '../theme-manager';
import { useAnnouncer } from '../ui/announcer';
import { ErrorBoundary, ErrorPanel } from '../ui/error-boundary';
import { MenuIcon, SidebarIcon } from '../ui/icons';
import { routePath, useRoute } from '../ui/router';
import { Toasts } from '../ui/toasts';
import { useUiStore } from '../ui/ui-store';
import { ModelsPageRoute, SettingsPage, ShortcutsOverlayRoute } from './lazy-pages';
import { useGlobalShortcuts } from './shortcuts';
import { Sidebar } from './sidebar/sidebar';
import { FloatingBanners } from './status-banner';
import { useHealth } from './use-health';

/**
 * The bar above Models and Settings holds only the buttons that bring the sidebar back (phones, or a
 * hidden sidebar) and the theme toggle; with the sidebar showing on a desktop it would be an empty
 * band, so it is not drawn (the theme is also in Settings and in every chat's header).
 */
function PageHeader() {
  const collapsed = useUiStore((s) => s.sidebarCollapsed);
  const toggleSidebar = useUiStore((s) => s.toggleSidebar);
  return (
    <header
      className={`flex h-13 flex-none items-center gap-1 border-b border-border px-2 md:px-3 ${collapsed ? '' : 'md:hidden'}`}
    >
      <button type="button" className="icon-button md:hidden" aria-label="Open the chat list" onClick={toggleSidebar}>
        <MenuIcon />
      </button>
      {collapsed && (
        <button
          type="button"
          className="icon-button hidden md:inline-flex"
          aria-label="Show the sidebar"
          onClick={toggleSidebar}
        >
          <SidebarIcon />
        </button>
      )}
      <div className="ml-auto">
        <ThemeToggle />
      </div>
    </header>
  );
}

/**
 * The first tab stop: past the sidebar straight to the composer (on Models and Settings, to the
 * page). Hidden until focused.
 */
function SkipLink({ chat }: { chat: boolean }) {
  return (
    // biome-ignore lint/a11y/useValidAnchor: a skip link is a link by convention (WCAG G1); it focuses the composer itself so the URL keeps no fragment
    <a
      href="#main"
      className="sr-only z-50 rounded-lg bg-background px-3 py-2 text-sm font-medium shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      data-testid="skip-link"
      onClick={(event) => {
        event.preventDefault();
        const composer = chat ? useUiStore.getState().chatCommands : null;
        if (composer) {
          composer.focusComposer();
          return;
        }
        // The page's title takes focus for the jump (main itself stays unfocusable: a focusable
        // main takes the focus of every click in it, and with it PageUp/PageDown from the chat list).
        const heading = document.querySelector<HTMLElement>('#main h1');
        if (heading) {
          heading.tabIndex = -1;
          heading.focus();
        }
      }}
    >
      {chat ? 'Skip to chat' : 'Skip to content'}
    </a>
  );
}

function LiveRegion() {
  const message = useAnnouncer((s) => s.message);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {message}
    </div>
  );
}

export function App() {
  const route = useRoute();
  const { state: health, checkNow } = useHealth();
  const collapsed = useUiStore((s) => s.sidebarCollapsed);
  const drawerOpen = useUiStore((s) => s.drawerOpen);
  const setDrawerOpen = useUiStore((s) => s.setDrawerOpen);
  useGlobalShortcuts();
  useModelEvents();

  const ollamaHost = health.kind === 'ok' || health.kind === 'ollama-down' ? health.health.ollama.host : null;

  return (
    <ThreadRegistryProvider>
      <div className="flex h-full bg-background text-foreground">
        <SkipLink chat={route.name === 'home' || route.name === 'chat'} />
        {/* Desktop: a column; below 768 px: an overlay drawer. */}
        <aside
          className={`hidden w-[272px] flex-none border-r border-border md:block ${collapsed ? 'md:hidden' : ''}`}
          aria-label="Sidebar"
        >
          <Sidebar route={route} />
        </aside>
        {drawerOpen && (
          <div className="fixed inset-0 z-40 md:hidden">
            <div className="absolute inset-0 bg-black/40" aria-hidden="true" onClick={() => setDrawerOpen(false)} />
            <aside
              className="absolute inset-y-0 left-0 w-[min(300px,85vw)] border-r border-border shadow-xl"
              aria-label="Sidebar"
            >
              <Sidebar route={route} />
            </aside>
          </div>
        )}

        <main id="main" className="relative flex min-w-0 flex-1 flex-col">
          <FloatingBanners state={health} onRetry={checkNow} />
          {/* A page that fails (its chunk did not load, or it threw) says so in its place, with Reload;
              the sidebar stays usable and the other pages still open. */}
          <ErrorBoundary resetKey={routePath(route)} fallback={(error) => <ErrorPanel error={error} />}>
            {route.name === 'settings' || route.name === 'models' || route.name === 'model' ? (
              <>
                <PageHeader />
                <div className="min-h-0 flex-1">
                  <Suspense fallback={<p className="p-6 text-sm text-muted-foreground">Loading…</p>}>
                    {route.name === 'settings' ? (
                      <SettingsPage />
                    ) : (
                      <ModelsPageRoute model={route.name === 'model' ? route.model : null} />
                    )}
                  </Suspense>
                </div>
              </>
            ) : (
              <ChatView chatId={route.name === 'chat' ? route.chatId : null} ollamaHost={ollamaHost} />
            )}
          </ErrorBoundary>
        </main>

        <ShortcutsOverlayRoute />
        <Toasts />
        <LiveRegion />
      </div>
    </ThreadRegistryProvider>
  );
}
