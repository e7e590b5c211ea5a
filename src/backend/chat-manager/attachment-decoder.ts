/** Turns uploaded attachments into bytes, enforcing type and size limits (DESIGN §7). */
import { ALLOWED_IMAGE_MIME, type AttachmentUpload, MAX_ATTACHMENT_BYTES } from '../../shared/api';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import type { NewAttachment } from '../history-manager';
import { sniffImageMime } from '../image-type';

const DATA_URL = /^data:([^;,]+)(;[^,]*)?,/;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

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
    if (!BASE64.test(data)) throw new ValidationError(`'${u.name}' is not valid base64 data.`);
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
