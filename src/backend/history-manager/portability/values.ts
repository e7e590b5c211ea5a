/** Small readers for untrusted JSON: every foreign field is optional and may have the wrong type. */
import { createHash } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function obj(value: unknown): JsonObject | null {
  return isObject(value) ? value : null;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Epoch seconds (float or int) -> ISO UTC; null when absent or out of range. */
export function isoFromSeconds(value: unknown): string | null {
  const n = num(value);
  return n === null ? null : isoFromMillis(n * 1000);
}

export function isoFromMillis(value: number): string | null {
  const date = new Date(Math.round(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Accepts an ISO string and normalizes it to `toISOString()` form. */
export function isoFromString(value: unknown): string | null {
  const s = str(value);
  if (s === null) return null;
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeBase64(text: string): Uint8Array | null {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 === 1 || !BASE64.test(clean)) return null;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** `data:image/png;base64,…` -> mime + bytes. */
export function decodeDataUrl(url: string): { mime: string; data: Uint8Array } | null {
  const match = /^data:([^;,]+)?((?:;[^;,]+)*);base64,(.*)$/s.exec(url);
  if (!match) return null;
  const data = decodeBase64(match[3] ?? '');
  return data ? { mime: match[1] ?? 'application/octet-stream', data } : null;
}

/** MIME type from magic bytes, falling back to the file name's extension. */
export function sniffMime(data: Uint8Array | null, name: string): string {
  if (data && data.length >= 4) {
    if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png';
    if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
    if (data[0] === 0x47 && data[1] === 0x49 && data[2] === 0x46) return 'image/gif';
    if (data[0] === 0x52 && data[1] === 0x49 && data.length >= 12 && data[8] === 0x57 && data[9] === 0x45) {
      return 'image/webp';
    }
    if (data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46) return 'application/pdf';
  }
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const byExt: Record<string, string> = {
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    pdf: 'application/pdf',
    txt: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    json: 'application/json',
  };
  return (ext && byExt[ext]) || 'application/octet-stream';
}

export function kindOfMime(mime: string): 'image' | 'text' | 'file' {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('text/') || mime === 'application/json') return 'text';
  return 'file';
}
