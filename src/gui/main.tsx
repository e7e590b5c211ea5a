import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api';
import { App } from './app/app';
import { prefetchPagesWhenIdle } from './app/lazy-pages';
import { preloadMarkdown } from './chat-window/markdown/lazy-markdown';
import { startThemeSync } from './theme-manager';
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

startThemeSync();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}

// The markdown renderer is its own chunk: fetch it right after the shell has painted.
setTimeout(preloadMarkdown, 0);
// The models page too, once the app is idle: opening it is then instant.
prefetchPagesWhenIdle();
