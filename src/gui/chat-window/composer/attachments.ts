import { ALLOWED_IMAGE_MIME, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../../shared/limits';
import type { LocalAttachment } from '../thread/thread-types';

export interface AttachResult {
  added: LocalAttachment[];
  /** One sentence per refused file. */
  problems: string[];
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

const ALLOWED = new Set<string>(ALLOWED_IMAGE_MIME);

/** Reads the images the user picked, pasted or dropped; refuses what the server would refuse, saying why. */
export async function readImageFiles(files: readonly File[], alreadyAttached: number): Promise<AttachResult> {
  const added: LocalAttachment[] = [];
  const problems: string[] = [];
  for (const file of files) {
    if (!ALLOWED.has(file.type)) {
      problems.push(`“${file.name}” isn't an image this app can send (PNG, JPEG, GIF or WebP).`);
      continue;
    }
    if (file.size > MAX_ATTACHMENT_BYTES) {
      problems.push(`“${file.name}” is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
      continue;
    }
    if (alreadyAttached + added.length >= MAX_ATTACHMENTS) {
      problems.push(`At most ${MAX_ATTACHMENTS} images per message.`);
      break;
    }
    try {
      const dataUrl = await readAsDataUrl(file);
      added.push({
        id: `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
        name: file.name || 'image',
        mime: file.type,
        size: file.size,
        dataUrl,
      });
    } catch {
      problems.push(`“${file.name}” could not be read.`);
    }
  }
  return { added, problems };
}

export function imageFilesOf(list: FileList | DataTransferItemList | null | undefined): File[] {
  if (!list) return [];
  const files: File[] = [];
  for (const entry of Array.from(list as ArrayLike<File | DataTransferItem>)) {
    if (entry instanceof File) files.push(entry);
    else if (entry.kind === 'file') {
      const file = entry.getAsFile();
      if (file) files.push(file);
    }
  }
  return files;
}
