import {
  type ComponentType,
  type LazyExoticComponent,
  lazy,
  type ReactNode,
  Suspense,
  startTransition,
  useEffect,
  useState,
} from 'react';
import { errorText } from '../api/error-messages';
import { ErrorBoundary, ErrorInline } from './error-boundary';
import { showToast } from './toast-store';

/**
 * Fetches a chunk: once while it loads or after it loaded. After a failure the next call asks again (a
 * browser that keeps failed module fetches, as Chromium does, answers with the same failure until the
 * page reloads; one that follows the current HTML spec fetches again).
 */
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
 * The module of `loader` once it has arrived, null until then, for a part that draws its own stand-in meanwhile.
 * Not `lazy` and Suspense: a part that suspends shows its fallback, and React then holds the revealed content
 * back until 300 ms after the last fallback shown anywhere (the message list, then each answer's markdown: a chat
 * opened right after the app loaded showed its text ~600 ms late). A failed fetch is thrown in render, for the
 * nearest error boundary.
 */
export function useChunk<M>(loader: ChunkLoader<M>): M | null {
  const [state, setState] = useState<{ module: M | null; error: unknown }>(() => ({
    module: loader.loaded,
    error: null,
  }));
  const missing = state.module === null && state.error === null;
  useEffect(() => {
    if (!missing) return;
    let alive = true;
    loader().then(
      // A transition, as a Suspense retry would have been: the part it reveals (a 100 KB answer's markdown, say)
      // renders in slices React can interrupt, not in one task.
      (module) => alive && startTransition(() => setState({ module, error: null })),
      (error: unknown) => alive && setState({ module: null, error }),
    );
    return () => {
      alive = false;
    };
  }, [loader, missing]);
  if (state.error !== null) throw state.error;
  return state.module;
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

interface DeferredProps {
  children: ReactNode;
  /**
   * For a dialog, menu or overlay: if its chunk cannot be fetched, a toast says so and this closes it
   * (its own Escape and close buttons are in the chunk that failed). Without it, a one-line notice with
   * Reload stands in the part's place.
   */
  onError?: () => void;
  /** Draws nothing on a failure: a part next to it that comes from the same chunk shows the notice. */
  quiet?: boolean;
}

/**
 * Draws nothing until the lazy components inside it have arrived (a few ms from the same server); if
 * their chunk cannot be fetched, see `onError` and `quiet`.
 */
export function Deferred({ children, onError, quiet = false }: DeferredProps) {
  return (
    <ErrorBoundary
      fallback={(error) => (onError || quiet ? null : <ErrorInline error={error} />)}
      onError={
        onError &&
        ((error) => {
          showToast('error', errorText(error));
          onError();
        })
      }
    >
      <Suspense fallback={null}>{children}</Suspense>
    </ErrorBoundary>
  );
}
