import { lazy, Suspense } from 'react';
import type { MarkdownProps } from './markdown';

const loadMarkdown = () => import('./markdown');
const Markdown = lazy(loadMarkdown);

/**
 * Starts fetching the markdown chunk ahead of the first message that needs it (e.g. when a chat is
 * about to open). Never called at start-up: the shell does not need it.
 */
export function preloadMarkdown(): void {
  void loadMarkdown();
}

/** Markdown with a plain-text fallback of the same text while the renderer chunk loads. */
export function LazyMarkdown(props: MarkdownProps) {
  return (
    <Suspense fallback={<div className={`whitespace-pre-wrap ${props.className ?? ''}`}>{props.text}</div>}>
      <Markdown {...props} />
    </Suspense>
  );
}
