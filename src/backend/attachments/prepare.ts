/**
 * Uploaded bytes → attachments to store (issue 9 §1): the kind from the content, limits per file and
 * per message, a token estimate for the context meter, and the text of a PDF. Cheap checks of every
 * file run before any PDF is parsed, so a request that will be refused costs no extraction.
 */
import type { AttachmentKind } from '../../shared/api';
import { ALLOWED_IMAGE_MIME, MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from '../../shared/limits';
import { estimateTextTokens, TOKENS_PER_IMAGE } from '../../shared/token-estimate';
import { ATTACHMENT_MESSAGES } from '../error-hints';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { sniffFile, textMime } from './file-kind';
import { extractPdfText } from './pdf-text';

export interface RawFile {
  name: string;
  /** The type the client claimed (from the file name); a label only. */
  mime: string;
  bytes: Buffer;
}

export interface PreparedAttachment {
  kind: AttachmentKind;
  name: string;
  mime: string;
  data: Buffer;
  tokens: number;
  /** PDFs only. */
  pages?: number;
  /** PDFs only: the extracted text with page markers (text files are read from their blob). */
  text?: string;
}

function checkSizes(files: readonly RawFile[]): void {
  let total = 0;
  for (const f of files) {
    if (f.bytes.length === 0) throw new ValidationError(`'${f.name}' is empty.`);
    if (f.bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new PayloadTooLargeError(
        ATTACHMENT_MESSAGES.fileTooLarge(f.name, f.bytes.length, MAX_ATTACHMENT_BYTES),
        ATTACHMENT_MESSAGES.limit.perFile(MAX_ATTACHMENT_BYTES),
      );
    }
    total += f.bytes.length;
  }
  if (total > MAX_MESSAGE_ATTACHMENT_BYTES) {
    throw new PayloadTooLargeError(
      ATTACHMENT_MESSAGES.filesTooLarge(total, MAX_MESSAGE_ATTACHMENT_BYTES),
      ATTACHMENT_MESSAGES.limit.perMessage(MAX_MESSAGE_ATTACHMENT_BYTES),
    );
  }
}

const claimsImage = (mime: string) => (ALLOWED_IMAGE_MIME as readonly string[]).includes(mime);

type Sniffed = { file: RawFile; sniffed: ReturnType<typeof sniffFile> };

function classify(file: RawFile): Sniffed {
  const sniffed = sniffFile(file.bytes);
  // HTML or a script named .png must never be stored, not even as text: the name promised an image.
  if (claimsImage(file.mime.toLowerCase()) && sniffed.kind !== 'image') {
    throw new UnsupportedMediaTypeError(ATTACHMENT_MESSAGES.notTheImageClaimed(file.name, file.mime.toLowerCase()));
  }
  if (sniffed.kind === 'binary') throw new UnsupportedMediaTypeError(ATTACHMENT_MESSAGES.notAFile(file.name));
  return { file, sniffed };
}

export async function prepareAttachments(files: readonly RawFile[]): Promise<PreparedAttachment[]> {
  checkSizes(files);
  const classified = files.map(classify);
  const prepared: PreparedAttachment[] = [];
  for (const { file, sniffed } of classified) {
    const base = { name: file.name, data: file.bytes };
    switch (sniffed.kind) {
      case 'image':
        // A real image under the wrong label (a JPEG named .png) is kept, with its real type.
        prepared.push({ ...base, kind: 'image', mime: sniffed.mime, tokens: TOKENS_PER_IMAGE });
        break;
      case 'text':
        prepared.push({
          ...base,
          kind: 'text',
          mime: textMime(file.name, file.mime.toLowerCase()),
          tokens: estimateTextTokens(sniffed.text),
        });
        break;
      case 'pdf': {
        const { pages, text } = await extractPdfText(file.bytes, file.name);
        prepared.push({ ...base, kind: 'pdf', mime: sniffed.mime, tokens: estimateTextTokens(text), pages, text });
        break;
      }
      case 'binary':
        // classify() refused it already.
        break;
    }
  }
  return prepared;
}
