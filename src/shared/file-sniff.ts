/**
 * What bytes really are, from their content (never from a name or a claimed type). The server decides by these
 * rules; the composer runs the same ones to refuse a file before uploading it.
 */

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** The image type of `bytes`, or null when they are none of the formats attachments may have. */
export function sniffImageMime(bytes: Uint8Array): ImageMime | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** Some producers put junk before a PDF's header; readers look within the first kilobyte. */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  const magic = ascii('%PDF-');
  for (let i = 0; i + magic.length <= head.length; i++) if (startsWith(head, magic, i)) return true;
  return false;
}

// Both runtimes the contract runs in (Node and the browser) have TextDecoder; the contract's own project has neither
// runtime's types, so it names the little it uses.
declare const TextDecoder: new (
  label: string,
  options?: { fatal?: boolean; ignoreBOM?: boolean },
) => { decode(input: Uint8Array): string };

/** Text may have a few stray control characters (a form feed, ANSI colours in a log); binary has many. */
const MAX_CONTROL_RATIO = 0.01;

/** The text of `bytes` when they are UTF-8 text without NUL bytes and with few control characters (BOM dropped), else null. */
export function decodeUtf8Text(bytes: Uint8Array): string | null {
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
