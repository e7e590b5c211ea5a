import { type ComponentProps, lazy } from 'react';

type ModelsPageModule = typeof import('../model-selector/models-page');

let modelsPageModule: ModelsPageModule | null = null;
let modelsPagePromise: Promise<ModelsPageModule> | null = null;

/** Fetches the models page's chunk (once); called on hover/focus of its link and when the app is idle. */
export function loadModelsPage(): Promise<ModelsPageModule> {
  modelsPagePromise ??= import('../model-selector/models-page').then((m) => {
    modelsPageModule = m;
    return m;
  });
  return modelsPagePromise;
}

const LazyModelsPage = lazy(loadModelsPage);

/**
 * The models page: rendered at once when its chunk is already here (no Suspense fallback, and none of
 * React's throttling of revealed content), lazily otherwise.
 */
export function ModelsPageRoute(props: ComponentProps<ModelsPageModule['default']>) {
  const Page = modelsPageModule?.default;
  return Page ? <Page {...props} /> : <LazyModelsPage {...props} />;
}

/** Fetch the page chunks once the app has settled, so opening them later is instant. */
export function prefetchPagesWhenIdle(): void {
  const idle = (cb: () => void) =>
    typeof window.requestIdleCallback === 'function'
      ? window.requestIdleCallback(cb, { timeout: 5000 })
      : setTimeout(cb, 2000);
  setTimeout(() => idle(() => void loadModelsPage().catch(() => {})), 1500);
}
