import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';
import { ErrorBoundary, ErrorInline } from './error-boundary';

/** Fetches a chunk: once while it loads or after it loaded; again after a failure (a blip must not stick). */
export interface ChunkLoader<M> {
  (): Promise<M>;
  /** The module, once it has arrived: lets a caller render it at once, without a Suspense pass. */
  readonly loaded: M | null;
}

/** `load` must be an `import('./x')` so the bundler splits it off. */
export function chunkLoader<M>(load: () => Promise<M>): ChunkLoader<M> {
  let pending: Promise<M> | null = null;
  let loaded: M | null = null;
  const get = () => {
    pending ??= load().then(
      (module) => {
        loaded = module;
        return module;
      },
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
  return Object.defineProperty(get, 'loaded', { get: () => loaded }) as ChunkLoader<M>;
}

/**
 * A named component of another chunk, fetched the first time it renders. For parts of the screen that
 * most sessions never show (a menu, a warning bar, search results): they stay out of the first load.
 * `load` must be an `import('./x')` so the bundler splits it off. Render it inside `<Deferred>`.
 */
// biome-ignore lint/suspicious/noExplicitAny: a component of any props, checked at each use through `pick`
export function lazyNamed<M, C extends ComponentType<any>>(
  load: () => Promise<M>,
  pick: (module: M) => C,
): LazyExoticComponent<C> {
  return lazy(async () => ({ default: pick(await load()) }));
}

/**
 * Draws nothing until the lazy components inside it have arrived (a few ms from the same server); if
 * their chunk cannot be fetched, a one-line notice with Reload in their place.
 */
export function Deferred({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary fallback={(error) => <ErrorInline error={error} />}>
      <Suspense fallback={null}>{children}</Suspense>
    </ErrorBoundary>
  );
}
