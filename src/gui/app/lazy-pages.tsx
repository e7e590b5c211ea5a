import { type ComponentProps, lazy } from 'react';
import { loadChatActions } from '../chat-window/chat-header';
import { loadMessageList } from '../chat-window/lazy-message-list';
import { chunkLoader, Deferred, lazyNamed } from '../ui/lazy-named';
import { useUiStore } from '../ui/ui-store';
import { warmIntl } from '../ui/warm-intl';
import { whenIdle } from '../ui/when-idle';

type ModelsPageModule = typeof import('../model-selector/models-page');

/** Fetches the models page's chunk (once); called on hover/focus of its link and when the app is idle. */
export const loadModelsPage = chunkLoader(() => import('../model-selector/models-page'));

const LazyModelsPage = lazy(loadModelsPage);

/**
 * The models page: rendered at once when its chunk is already here (no Suspense fallback, and none of
 * React's throttling of revealed content), lazily otherwise.
 */
export function ModelsPageRoute(props: ComponentProps<ModelsPageModule['default']>) {
  const Page = loadModelsPage.loaded?.default;
  return Page ? <Page {...props} /> : <LazyModelsPage {...props} />;
}

/** Settings: only when opened (the Suspense around the pages shows its fallback meanwhile). */
export const SettingsPage = lazy(() => import('./settings-page'));

const LazyShortcutsOverlay = lazyNamed(
  () => import('./shortcuts-overlay'),
  (m) => m.ShortcutsOverlay,
);

/** The shortcuts overlay's chunk is fetched the first time it opens. */
export function ShortcutsOverlayRoute() {
  const open = useUiStore((s) => s.shortcutsOpen);
  const setOpen = useUiStore((s) => s.setShortcutsOpen);
  if (!open) return null;
  return (
    <Deferred onError={() => setOpen(false)}>
      <LazyShortcutsOverlay />
    </Deferred>
  );
}

/** Fetch the chunks the welcome screen leaves out once the app has settled, so opening them later is instant. */
export function prefetchPagesWhenIdle(): void {
  setTimeout(
    () =>
      whenIdle(
        () => {
          void loadMessageList().catch(() => {});
          void loadChatActions().catch(() => {});
          void loadModelsPage().catch(() => {});
          // The pages fetched here format dates and numbers: load the locale data for them too.
          warmIntl();
        },
        5000,
        2000,
      ),
    1500,
  );
}
