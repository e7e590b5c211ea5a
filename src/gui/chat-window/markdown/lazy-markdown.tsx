import { ErrorBoundary } from '../../ui/error-boundary';
import { useChunk } from '../../ui/lazy-named';
import { loadMarkdown } from './load-markdown';
import type { MarkdownProps } from './markdown';

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
  return (
    <ErrorBoundary resetKey={props.text} keepChunkFailure fallback={() => <Plain {...props} />}>
      <LoadedMarkdown {...props} />
    </ErrorBoundary>
  );
}

/** The renderer once its chunk is here (`useChunk`: no Suspense, so nothing is held back when it arrives). */
function LoadedMarkdown(props: MarkdownProps) {
  const chunk = useChunk(loadMarkdown);
  // While the chunk loads (a moment), the start of the text: laying out a whole long answer as plain text, only
  // to replace it, was a long task of its own (100 KB: ~45 ms of layout).
  return chunk ? <chunk.default {...props} /> : <Plain {...props} text={loadingPreview(props.text)} />;
}

function Plain({ text, className }: MarkdownProps) {
  return (
    <div className={`whitespace-pre-wrap ${className ?? ''}`} data-testid="markdown-plain">
      {text}
    </div>
  );
}
