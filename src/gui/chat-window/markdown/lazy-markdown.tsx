import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../../ui/error-boundary';
import { whenIdle } from '../../ui/when-idle';
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

/**
 * For an open chat with messages: its answers, or the one about to be asked for, need the renderer.
 * Fetched and evaluated while the browser is idle, not in the frame that shows the first streamed words
 * (evaluating the chunk is a long task of its own). Not for `/` before anything was asked: the first
 * screen loads no markdown until a message needs it (issue 12).
 */
export function preloadMarkdownWhenIdle(): void {
  whenIdle(preloadMarkdown, 3000);
}

/** The plain text shown while the renderer loads: the whole text when short, else its first screenful or so. */
const LOADING_PREVIEW_CHARS = 3000;
function loadingPreview(text: string): string {
  return text.length <= LOADING_PREVIEW_CHARS ? text : `${text.slice(0, LOADING_PREVIEW_CHARS)}…`;
}

/**
 * Markdown with a plain-text fallback: the start of the text while the renderer chunk loads, and all of
 * it instead of the renderer if the chunk cannot be fetched or the renderer throws: the words are never
 * lost. A renderer that threw on one text (a half-written answer, say) is tried again on the next.
 */
export function LazyMarkdown(props: MarkdownProps) {
  const plain = (text: string) => (
    <div className={`whitespace-pre-wrap ${props.className ?? ''}`} data-testid="markdown-plain">
      {text}
    </div>
  );
  return (
    <ErrorBoundary resetKey={props.text} keepChunkFailure fallback={() => plain(props.text)}>
      {/* While the chunk loads (a moment), the start of the text: laying out a whole long answer as plain
          text, only to replace it, was a long task of its own (100 KB: ~45 ms of layout). */}
      <Suspense fallback={plain(loadingPreview(props.text))}>
        <Markdown {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
