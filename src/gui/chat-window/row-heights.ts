/**
 * Row heights of the message list: an estimate from a message's text before it was ever rendered, and
 * the measured height of each message afterwards, kept per chat (beyond the life of its thread and
 * list), so re-opening a chat or scrolling back through it lays out at the heights it had instead of
 * re-estimating. Heights belong to one column width; a different width starts the chat's cache again.
 */
import type { Message } from '../../shared/api';
import { charsPerLine, LINE_PX, textHeight } from './markdown/text-height';

/** Chats whose heights are kept; the least recently opened go first. */
const MAX_CHATS = 40;
/** The model-name line and the vertical padding of an answer; a user bubble's padding and actions row. */
const ANSWER_CHROME_PX = 94;
const USER_CHROME_PX = 71;
const ATTACHMENT_ROW_PX = 88;

interface ChatHeights {
  width: number;
  heights: Map<string, number>;
}

const chats = new Map<string, ChatHeights>();

export interface RowHeights {
  get: (messageId: string) => number | undefined;
  set: (messageId: string, height: number) => void;
}

/** The heights of one chat for a column `width` px wide (the chat's cache is dropped when the width changed). */
export function rowHeightsOf(chatId: string, width: () => number): RowHeights {
  const entry = (): ChatHeights => {
    const w = Math.round(width());
    let e = chats.get(chatId);
    if (!e || e.width !== w) {
      e = { width: w, heights: new Map() };
      chats.set(chatId, e);
      if (chats.size > MAX_CHATS) {
        const oldest = chats.keys().next().value;
        if (oldest !== undefined) chats.delete(oldest);
      }
    }
    return e;
  };
  // Opening the chat makes it the most recently used.
  const opened = chats.get(chatId);
  if (opened) {
    chats.delete(chatId);
    chats.set(chatId, opened);
  }
  return {
    get: (id) => entry().heights.get(id),
    set: (id, height) => {
      entry().heights.set(id, height);
    },
  };
}

/** Estimates by message object (a streamed message is a new object per change) and width. */
const estimates = new WeakMap<Message, { width: number; height: number }>();

/** A first guess of a message row's height in a column `width` px wide, from its text. */
export function estimateMessageHeight(message: Message, width: number): number {
  const known = estimates.get(message);
  if (known?.width === width) return known.height;
  const height = estimate(message, width);
  estimates.set(message, { width, height });
  return height;
}

function estimate(message: Message, width: number): number {
  const attachments = message.attachments.length > 0 ? ATTACHMENT_ROW_PX : 0;
  if (message.role === 'user') {
    // The bubble is at most 85 % of the column, less its own padding.
    return (
      USER_CHROME_PX + attachments + (message.content ? textHeight(message.content, charsPerLine(width, 0.85, 32)) : 0)
    );
  }
  // Thinking shows folded: one line.
  const thinking = message.thinking ? LINE_PX + 16 : 0;
  return ANSWER_CHROME_PX + attachments + thinking + textHeight(message.content, charsPerLine(width));
}
