/** Turns uploaded attachments into bytes, enforcing type and size limits (DESIGN §7). */
import { ALLOWED_IMAGE_MIME, type AttachmentUpload, MAX_ATTACHMENT_BYTES } from '../../shared/api';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import type { NewAttachment } from '../history-manager';
import { sniffImageMime } from '../image-type';

// Bounded classes without overlap, so a failed match cannot backtrack over the input.
const DATA_URL = /^data:([^;,]{1,100})(;[^,]{0,200})?,/;

function isBase64Char(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    (code >= 48 && code <= 57) || // 0-9
    code === 43 || // +
    code === 47 // /
  );
}

const isLineBreak = (code: number) => code === 10 || code === 13;
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;

/**
 * Base64 with line breaks anywhere, up to two `=` of padding, then trailing whitespace. A single
 * left-to-right scan: a regex for this shape backtracked quadratically on long runs of newlines.
 */
export function isBase64(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (!isBase64Char(code) && !isLineBreak(code)) break;
    i++;
  }
  let padding = 0;
  while (i < n && text.charCodeAt(i) === 61 && padding < 2) {
    padding++;
    i++;
  }
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  return i === n;
}

export function decodeAttachments(uploads: AttachmentUpload[] | undefined): NewAttachment[] {
  return (uploads ?? []).map((u) => {
    let data = u.data;
    let mime = u.mime.toLowerCase();
    const prefix = DATA_URL.exec(data);
    if (prefix) {
      mime = prefix[1]?.toLowerCase() ?? mime;
      data = data.slice(prefix[0].length);
    }
    if (!(ALLOWED_IMAGE_MIME as readonly string[]).includes(mime)) {
      throw new UnsupportedMediaTypeError(
        `'${u.name}' is ${mime}; only images (${ALLOWED_IMAGE_MIME.join(', ')}) can be attached.`,
      );
    }
    if (!isBase64(data)) throw new ValidationError(`'${u.name}' is not valid base64 data.`);
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length === 0) throw new ValidationError(`'${u.name}' is empty.`);
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new PayloadTooLargeError(
        `'${u.name}' is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${MAX_ATTACHMENT_BYTES / 1048576} MB per image.`,
        `${MAX_ATTACHMENT_BYTES / 1048576} MB per image`,
      );
    }
    // The claimed type is only a label: HTML or a script named .png must never be stored as an image.
    const actual = sniffImageMime(bytes);
    if (actual === null) {
      throw new UnsupportedMediaTypeError(
        `'${u.name}' claims to be ${mime} but its bytes are not a PNG, JPEG, GIF or WebP image.`,
      );
    }
    // A real image under the wrong label (a JPEG named .png) is kept, with its real type.
    return { kind: 'image', name: u.name, mime: actual, data: bytes };
  });
}
