/**
 * What an uploaded file is, decided from its bytes (never from its name or claimed type): an image
 * by magic number, a PDF by its header, text when it decodes as UTF-8 without NUL bytes and with
 * few control characters. Everything else is binary and refused.
 */
import type { AttachmentKind } from '../../shared/api';
import { decodeUtf8Text, hasPdfHeader, type ImageMime, sniffImageMime } from '../../shared/file-sniff';

export type SniffedFile =
  | { kind: 'image'; mime: ImageMime }
  | { kind: 'pdf'; mime: 'application/pdf' }
  | { kind: 'text'; text: string }
  | { kind: 'binary' };

export function sniffFile(bytes: Buffer): SniffedFile {
  const image = sniffImageMime(bytes);
  if (image) return { kind: 'image', mime: image };
  if (hasPdfHeader(bytes)) return { kind: 'pdf', mime: 'application/pdf' };
  const text = decodeUtf8Text(bytes);
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
