import type { AttachmentKind } from './api';

/**
 * `POST /api/attachments/inspect` (body: an AttachmentUpload) → what the server would store, without
 * storing it: lets the composer show a PDF's pages and tokens, or refuse a scan, before sending.
 */
export interface AttachmentInspection {
  kind: AttachmentKind;
  mime: string;
  size: number;
  tokens: number;
  pages?: number;
}
