import { lazy, Suspense } from 'react';
import type { MarkdownProps } from './markdown';

const loadMarkdown = () => import('./markdown');
const Markdown = lazy(loadMarkdown);

/** Starts fetching the markdown chunk early (called after the shell's first paint). */
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
