import { createContext } from 'react';

/** What long markdown needs from the list it is shown in. */
export interface MarkdownLayout {
  /** The text column's width in px, for the estimated height of a segment not rendered yet. */
  width: number;
  /** The element that scrolls the text (null: the page), for what counts as near the screen. */
  scrollRoot: () => Element | null;
  /**
   * `element` just changed height by `delta` px (an estimated placeholder replaced by its rendered
   * text): if it lies above what the reader is looking at, keep the view where it was.
   */
  keepInPlace: (element: HTMLElement, delta: number) => void;
}

/** Outside a message list (a file viewer, a test): a typical column, and nothing to keep in place. */
export const MarkdownLayoutContext = createContext<MarkdownLayout>({
  width: 736,
  scrollRoot: () => null,
  keepInPlace: () => undefined,
});
