import type { AttachmentKind } from '../../../shared/api';
import { decodeUtf8Text, hasPdfHeader, sniffImageMime } from '../../../shared/file-sniff';
import {
  ALLOWED_IMAGE_MIME,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_MESSAGE_ATTACHMENT_BYTES,
} from '../../../shared/limits';
import { estimateTextTokens, TOKENS_PER_IMAGE } from '../../../shared/token-estimate';
import { api, errorText } from '../../api';
import type { LocalAttachment } from '../thread/thread-types';

export interface AttachResult {
  added: LocalAttachment[];
  /** One sentence per refused file. */
  problems: string[];
}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1048576) * 10) / 10} MB`;

interface Sniffed {
  kind: AttachmentKind;
  mime: string;
  tokens?: number;
}

async function sniff(file: File): Promise<Sniffed | null> {
  const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
  const image = sniffImageMime(head);
  if (image) return { kind: 'image', mime: image, tokens: TOKENS_PER_IMAGE };
  if (hasPdfHeader(head)) return { kind: 'pdf', mime: 'application/pdf' };
  const text = decodeUtf8Text(new Uint8Array(await file.arrayBuffer()));
  if (text === null) return null;
  return { kind: 'text', mime: file.type || 'text/plain', tokens: estimateTextTokens(text) };
}

const ALLOWED_IMAGES = new Set<string>(ALLOWED_IMAGE_MIME);

/**
 * Reads the files the user picked, pasted or dropped: text (by content), PDF and images. Refuses
 * what the server would refuse (binary files, sizes, count), saying why and naming the limit.
 */
export async function readFiles(files: readonly File[], attached: readonly LocalAttachment[]): Promise<AttachResult> {
  const added: LocalAttachment[] = [];
  const problems: string[] = [];
  let total = attached.reduce((n, a) => n + a.size, 0);
  for (const file of files) {
    const name = file.name || 'file';
    if (attached.length + added.length >= MAX_ATTACHMENTS) {
      problems.push(`At most ${MAX_ATTACHMENTS} files can be attached to one message.`);
      break;
    }
    if (file.size === 0) {
      problems.push(`“${name}” is empty.`);
      continue;
    }
    if (file.size > MAX_ATTACHMENT_BYTES) {
      problems.push(`“${name}” is ${megabytes(file.size)}; the limit is ${megabytes(MAX_ATTACHMENT_BYTES)} per file.`);
      continue;
    }
    if (total + file.size > MAX_MESSAGE_ATTACHMENT_BYTES) {
      problems.push(
        `“${name}” would bring this message's files to ${megabytes(total + file.size)}; the limit is ${megabytes(MAX_MESSAGE_ATTACHMENT_BYTES)} per message.`,
      );
      continue;
    }
    try {
      const sniffed = await sniff(file);
      if (!sniffed) {
        problems.push(`“${name}” can't be attached: attach text files (UTF-8), PDFs or images (PNG, JPEG, GIF, WebP).`);
        continue;
      }
      if (ALLOWED_IMAGES.has(file.type) && sniffed.kind !== 'image') {
        problems.push(`“${name}” is named like an image but isn't one.`);
        continue;
      }
      const dataUrl = await readAsDataUrl(file);
      let pdf: { tokens: number; pages?: number } | undefined;
      if (sniffed.kind === 'pdf') {
        // Only the server reads PDFs: it says now how long the text is, or that there is none (a scan).
        try {
          pdf = await api.inspectAttachment({ name, mime: sniffed.mime, data: dataUrl });
        } catch (err) {
          problems.push(errorText(err));
          continue;
        }
      }
      added.push({
        id: `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
        name,
        mime: sniffed.mime,
        size: file.size,
        // The server decides by the bytes; the data: URL only carries them (and a label it checks).
        dataUrl,
        kind: sniffed.kind,
        ...(sniffed.tokens === undefined ? {} : { tokens: sniffed.tokens }),
        ...(pdf ? { tokens: pdf.tokens, ...(pdf.pages === undefined ? {} : { pages: pdf.pages }) } : {}),
      });
      total += file.size;
    } catch {
      problems.push(`“${name}” could not be read.`);
    }
  }
  return { added, problems };
}
