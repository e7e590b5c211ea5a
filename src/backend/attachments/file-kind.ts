/**
 * What an uploaded file is, decided from its bytes (never from its name or claimed type): an image
 * by magic number, a PDF by its header, text when it decodes as UTF-8 without NUL bytes and with
 * few control characters. Everything else is binary and refused.
 */
import type { AttachmentKind } from '../../shared/api';
import { type ImageMime, sniffImageMime } from '../image-type';

export type SniffedFile =
  | { kind: 'image'; mime: ImageMime }
  | { kind: 'pdf'; mime: 'application/pdf' }
  | { kind: 'text'; text: string }
  | { kind: 'binary' };

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
/** Text may have a few stray control characters (a form feed, ANSI colours in a log); binary has many. */
const MAX_CONTROL_RATIO = 0.01;

function isPdf(bytes: Buffer): boolean {
  // Some producers put junk before the header; readers look within the first kilobyte.
  const head = bytes.subarray(0, 1024);
  return head.indexOf(PDF_MAGIC) !== -1;
}

/** The text of `bytes` when they are UTF-8 text (BOM dropped), else null. */
function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Tab, line feed, vertical tab, form feed, carriage return and escape are ordinary in text files.
    if ((c < 0x20 && !(c >= 9 && c <= 13) && c !== 0x1b) || c === 0x7f) control++;
  }
  return control <= text.length * MAX_CONTROL_RATIO ? text : null;
}

export function sniffFile(bytes: Buffer): SniffedFile {
  const image = sniffImageMime(bytes);
  if (image) return { kind: 'image', mime: image };
  if (isPdf(bytes)) return { kind: 'pdf', mime: 'application/pdf' };
  const text = decodeText(bytes);
  return text === null ? { kind: 'binary' } : { kind: 'text', text };
}

const TEXT_MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  svg: 'image/svg+xml',
};

/**
 * A descriptive type for a text file, recorded with the attachment. It is a label only: the bytes
 * are always served back as text/plain, so an uploaded .html or .svg never runs in the app's origin.
 */
export function textMime(name: string, claimed: string): string {
  const extension = name.includes('.') ? (name.split('.').pop()?.toLowerCase() ?? '') : '';
  const byName = TEXT_MIME_BY_EXTENSION[extension];
  if (byName) return byName;
  return claimed.startsWith('text/') && claimed.length <= 100 ? claimed : 'text/plain';
}

/** The `Content-Type` stored bytes are served with (`GET /api/blobs/:sha256`). */
export function servedContentType(bytes: Buffer): string {
  const file = sniffFile(bytes);
  const byKind: Record<AttachmentKind | 'binary', string> = {
    image: file.kind === 'image' ? file.mime : '',
    pdf: 'application/pdf',
    text: 'text/plain; charset=utf-8',
    binary: 'application/octet-stream',
  };
  return byKind[file.kind];
}
