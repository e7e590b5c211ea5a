import { lazyNamed } from './lazy-named';

/** The confirm dialog for screens of the first load, where it opens only on a click: its chunk comes then. */
export const LazyConfirmDialog = lazyNamed(
  () => import('./dialog'),
  (m) => m.ConfirmDialog,
);
