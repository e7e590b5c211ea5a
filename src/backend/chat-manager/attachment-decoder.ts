/** Turns uploaded attachments into bytes; the attachments module checks their kind and limits (DESIGN §7). */
import type { AttachmentUpload } from '../../shared/api';
import { prepareAttachments, type RawFile } from '../attachments';
import { ValidationError } from '../errors';
import type { NewAttachment } from '../history-manager';

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

/** Base64 (or data: URL) uploads → checked attachments with their kind, token estimate and PDF text. */
export async function decodeAttachments(uploads: AttachmentUpload[] | undefined): Promise<NewAttachment[]> {
  const files: RawFile[] = (uploads ?? []).map((u) => {
    let data = u.data;
    let mime = u.mime.toLowerCase();
    const prefix = DATA_URL.exec(data);
    if (prefix) {
      mime = prefix[1]?.toLowerCase() ?? mime;
      data = data.slice(prefix[0].length);
    }
    if (!isBase64(data)) throw new ValidationError(`'${u.name}' is not valid base64 data.`);
    return { name: u.name, mime, bytes: Buffer.from(data, 'base64') };
  });
  return prepareAttachments(files);
}
