import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api';
import { App } from './app/app';
import { prefetchPagesWhenIdle } from './app/lazy-pages';
import { startThemeSync } from './theme-manager';
import { ErrorBoundary, ErrorPanel } from './ui/error-boundary';
import { warmIntl } from './ui/warm-intl';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 2_000,
      refetchOnWindowFocus: true,
      // A 4xx will not change by asking again; network blips and 5xx may.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

// The first screen of `/` formats nothing with Intl, and its locale data is loaded once the app is idle
// (`prefetchPagesWhenIdle`). A chat, the models page or settings format at once: load it while the shell
// paints and React renders.
if (window.location.pathname !== '/') warmIntl();
startThemeSync();

/**
 * Runs `start` once the browser has painted the static shell of index.html, so the shell is on screen
 * before React's first render rather than after it. A hidden tab gets no animation frames: hence the timer.
 */
function afterFirstPaint(start: () => void): void {
  let started = false;
  const once = () => {
    if (started) return;
    started = true;
    start();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 100);
}

const root = document.getElementById('root');
if (root) {
  // A transition: React renders the app in slices of a few ms and lets the browser in between, instead
  // of one 130–300 ms task on a slow machine that a click or a keypress would wait behind.
  afterFirstPaint(() => {
    const app = createRoot(root);
    startTransition(() =>
      app.render(
        <StrictMode>
          <QueryClientProvider client={queryClient}>
            {/* The last resort: a failure no inner boundary caught leaves a message and Reload, not a blank page. */}
            <ErrorBoundary fallback={(error) => <ErrorPanel error={error} />}>
              <App />
            </ErrorBoundary>
          </QueryClientProvider>
        </StrictMode>,
      ),
    );
  });
}

// The markdown renderer (with highlighting, KaTeX, charts behind it) is its own chunk, fetched by the
// first message that renders (LazyMarkdown), never by the shell: `/` without a chat needs none of it.
// The models page is prefetched once the app is idle, so opening it is instant.
prefetchPagesWhenIdle();
