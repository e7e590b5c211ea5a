/** The only way components read a thread: small selectors, so a row re-renders only for its own data. */
import type { Chat, Message, OlderMessages } from '../../../shared/api';
import type { ImageProgress } from '../../../shared/image-api';
import type { LiveStream, LoadState, PendingSend, ThreadState } from './thread-types';

export const selectChat = (s: ThreadState): Chat | null => s.chat;
export const selectLoad = (s: ThreadState): LoadState => s.load;
export const selectMessages = (s: ThreadState): readonly Message[] => s.messages;
export const selectOlder = (s: ThreadState): OlderMessages | null => s.older;
export const selectPending = (s: ThreadState): readonly PendingSend[] => s.pending;
export const selectLive =
  (id: string) =>
  (s: ThreadState): LiveStream | undefined =>
    s.live[id];
/** An image answer's progress while it is made; null before the first step and once it has ended. */
export const selectImageProgress =
  (id: string) =>
  (s: ThreadState): ImageProgress | null =>
    s.live[id]?.imageProgress ?? null;
export const selectThinkingMs =
  (id: string) =>
  (s: ThreadState): number | undefined =>
    s.thinkingMs[id];
export const selectPreview =
  (attachmentId: string) =>
  (s: ThreadState): string | undefined =>
    s.previews[attachmentId];

/** The text of the last answer as shown (live text while it streams). */
export function selectLastAnswerText(s: ThreadState): string | null {
  const last = [...s.messages].reverse().find((m) => m.role === 'assistant');
  if (!last) return null;
  return s.live[last.id]?.content ?? last.content;
}

/**
 * Something changed that a reader scrolled up would want to know about: new text or new messages at the end (older
 * messages loaded above the view are not).
 */
export function contentChanged(next: ThreadState, previous: ThreadState): boolean {
  return next.live !== previous.live || lastChanged(next, previous) || next.pending !== previous.pending;
}

/** The last message is another one, or it changed (a reload makes new objects of the same messages: not a change). */
function lastChanged(next: ThreadState, previous: ThreadState): boolean {
  const a = next.messages.at(-1);
  const b = previous.messages.at(-1);
  if (a === b) return false;
  return !a || !b || a.id !== b.id || a.status !== b.status || a.content.length !== b.content.length;
}
