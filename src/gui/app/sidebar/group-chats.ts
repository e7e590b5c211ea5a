import type { Chat } from '../../../shared/api';

export interface ChatGroup {
  label: string;
  chats: Chat[];
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * English, like the other group labels. `toLocaleString` per chat built a date formatter for every chat
 * older than a month, and the first one loaded the browser's locale data on the main thread (issue 12).
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Pinned, Today, Yesterday, Previous 7 days, Previous 30 days, then one group per month (newest first). */
export function groupChats(chats: readonly Chat[], now: Date = new Date()): ChatGroup[] {
  const today = startOfDay(now);
  const groups = new Map<string, Chat[]>();
  const add = (label: string, chat: Chat) => {
    const list = groups.get(label);
    if (list) list.push(chat);
    else groups.set(label, [chat]);
  };
  groups.set('Pinned', []);
  for (const chat of chats) {
    if (chat.pinned) {
      add('Pinned', chat);
      continue;
    }
    const when = new Date(chat.updatedAt);
    const time = when.getTime();
    if (Number.isNaN(time) || time >= today) add('Today', chat);
    else if (time >= today - DAY) add('Yesterday', chat);
    else if (time >= today - 7 * DAY) add('Previous 7 days', chat);
    else if (time >= today - 30 * DAY) add('Previous 30 days', chat);
    else {
      const month = MONTHS[when.getMonth()] ?? '';
      add(when.getFullYear() === now.getFullYear() ? month : `${month} ${when.getFullYear()}`, chat);
    }
  }
  return [...groups].filter(([, list]) => list.length > 0).map(([label, list]) => ({ label, chats: list }));
}
