import { AppError } from '../../errors';
import type { ImportLocation } from './types';

export type ImportErrorCode =
  | 'import_invalid_json'
  | 'import_unknown_format'
  | 'import_unsupported_version'
  | 'import_refused'
  | 'import_invalid_zip'
  | 'import_too_large'
  | 'import_invalid_chat';

/**
 * A file that cannot be imported as a whole. Thrown by `readImport` (possibly after some chats were
 * already yielded); the caller rolls back its open transaction so a broken file changes nothing.
 * An AppError: 400 (413 for `import_too_large`) with `details: { location }` on the wire.
 */
export class ImportFormatError extends AppError {
  declare readonly code: ImportErrorCode;

  constructor(
    code: ImportErrorCode,
    message: string,
    readonly location: ImportLocation = {},
  ) {
    super(code, code === 'import_too_large' ? 413 : 400, message, { location });
  }
}

/** "in chat-export.json, conversation 3 (id …), at byte 4711" for user-facing messages. */
export function describeLocation(location: ImportLocation): string {
  const parts: string[] = [];
  if (location.file) parts.push(`in ${location.file}`);
  if (location.conversation !== undefined) {
    const id = location.conversationId ? ` (id ${location.conversationId})` : '';
    parts.push(`conversation ${location.conversation + 1}${id}`);
  }
  if (location.messageId) parts.push(`message ${location.messageId}`);
  if (location.field) parts.push(`field ${location.field}`);
  if (location.byteOffset !== undefined) parts.push(`at byte ${location.byteOffset}`);
  return parts.join(', ');
}
