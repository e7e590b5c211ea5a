import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';

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

/** Draws nothing until the lazy components inside it have arrived (a few ms from the same server). */
export function Deferred({ children }: { children: ReactNode }) {
  return <Suspense fallback={null}>{children}</Suspense>;
}
