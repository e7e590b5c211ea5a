/**
 * Shiki in a worker: compiling a grammar (tens of ms per language) and tokenizing a block are the
 * longest single pieces of work an answer causes, and none of it needs the page's thread.
 */
import { highlight } from './highlighter';

export interface HighlightRequest {
  id: number;
  code: string;
  language: string;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<HighlightRequest>) => void) | null;
  postMessage: (message: unknown) => void;
};

scope.onmessage = (event) => {
  const { id, code, language } = event.data;
  highlight(code, language).then(
    (lines) => scope.postMessage({ id, lines }),
    () => scope.postMessage({ id, lines: null }),
  );
};
