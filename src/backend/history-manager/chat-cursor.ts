/** The opaque keyset cursor of the chat list: the (updated_at, id) of the last chat of a page. */
import { ValidationError } from '../errors';

export interface ChatCursor {
  updatedAt: string;
  id: string;
}

export function encodeChatCursor(cursor: ChatCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt, cursor.id])).toString('base64url');
}

export function decodeChatCursor(text: string): ChatCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { updatedAt: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the ValidationError below: any undecodable cursor is the caller's mistake.
  }
  throw new ValidationError(
    'The list cursor is not valid.',
    { cursor: text },
    {
      text: 'Load the list again from the start.',
      action: 'reload',
    },
  );
}
