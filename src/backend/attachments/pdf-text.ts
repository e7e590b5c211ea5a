/**
 * Text of a PDF, page by page, with `unpdf` (a serverless build of PDF.js). The library (1.4 MB) is
 * loaded on the first PDF, through `require` so the server bundle neither contains it nor parses it
 * at start-up. Pages are read one at a time with a turn of the event loop between them, so a long
 * PDF does not hold other requests and streams for its whole duration; MAX_PDF_PAGES bounds the total.
 */
import { createRequire } from 'node:module';
import { MAX_PDF_PAGES } from '../../shared/limits';
import { ATTACHMENT_HINTS, ATTACHMENT_MESSAGES } from '../error-hints';
import { UnsupportedMediaTypeError } from '../errors';

type Unpdf = typeof import('unpdf');

let unpdf: Unpdf | undefined;

function loadUnpdf(): Unpdf {
  // Resolved from this file (or the bundle) to node_modules: esbuild leaves a created require alone.
  unpdf ??= createRequire(import.meta.url)('unpdf') as Unpdf;
  return unpdf;
}

export interface PdfText {
  pages: number;
  /** Each page's text after a `--- page N ---` line (the marker the model sees). */
  text: string;
}

const pageMarker = (page: number) => `--- page ${page} ---`;

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

export async function extractPdfText(bytes: Buffer, name: string): Promise<PdfText> {
  const { getDocumentProxy } = loadUnpdf();
  let pdf: Awaited<ReturnType<Unpdf['getDocumentProxy']>>;
  try {
    // A copy: PDF.js may transfer (detach) the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { stopAtErrors: false, verbosity: 0 });
  } catch {
    throw new UnsupportedMediaTypeError(ATTACHMENT_MESSAGES.pdfUnreadable(name), ATTACHMENT_HINTS.pdfUnreadable);
  }
  try {
    const pages = pdf.numPages;
    if (pages > MAX_PDF_PAGES) {
      throw new UnsupportedMediaTypeError(
        ATTACHMENT_MESSAGES.pdfTooManyPages(name, pages, MAX_PDF_PAGES),
        ATTACHMENT_HINTS.pdfTooManyPages,
      );
    }
    const parts: string[] = [];
    let anyText = false;
    for (let n = 1; n <= pages; n++) {
      // PDF.js settles its promises as microtasks, so awaiting it alone never lets timers or I/O
      // run: without this, a 200-page PDF held the event loop (every stream, every request) for
      // the whole extraction. One macrotask turn per page bounds a stall to one page's work.
      await new Promise<void>((resolve) => setImmediate(resolve));
      let pageText = '';
      try {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        pageText = (content.items as TextItem[])
          .map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : ''))
          .join('')
          .trim();
        page.cleanup();
      } catch {
        // One broken page leaves a gap, not a refusal of the whole document.
        pageText = '';
      }
      if (pageText) anyText = true;
      parts.push(`${pageMarker(n)}\n${pageText}`);
    }
    // Decided: a PDF without text is refused, so the user learns it now instead of from a confused answer.
    if (!anyText) {
      throw new UnsupportedMediaTypeError(
        ATTACHMENT_MESSAGES.pdfWithoutText(name, pages),
        ATTACHMENT_HINTS.pdfWithoutText,
      );
    }
    return { pages, text: parts.join('\n\n') };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
