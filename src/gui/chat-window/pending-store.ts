import { create } from 'zustand';
import type { HumanError } from '../api';

/** An image chosen in the composer, kept as a data: URL for the preview and the upload. */
export interface LocalAttachment {
  id: string;
  name: string;
  mime: string;
  size: number;
  dataUrl: string;
}

/** A message the user sent that the server has not accepted (yet): shown at once, never silently lost. */
export interface PendingSend {
  tempId: string;
  chatId: string;
  content: string;
  attachments: LocalAttachment[];
  /** Where it goes: after a message id, as a new root (null), or after the shown branch's end ('end'). */
  parentId: string | null | 'end';
  model: string | null;
  status: 'sending' | 'failed';
  error: HumanError | null;
}

interface PendingState {
  byChat: Record<string, PendingSend[]>;
  add: (pending: PendingSend) => void;
  update: (chatId: string, tempId: string, patch: Partial<PendingSend>) => void;
  remove: (chatId: string, tempId: string) => void;
}

const NONE: PendingSend[] = [];

export const usePendingStore = create<PendingState>((set) => ({
  byChat: {},
  add: (pending) =>
    set((s) => ({ byChat: { ...s.byChat, [pending.chatId]: [...(s.byChat[pending.chatId] ?? []), pending] } })),
  update: (chatId, tempId, patch) =>
    set((s) => ({
      byChat: {
        ...s.byChat,
        [chatId]: (s.byChat[chatId] ?? []).map((p) => (p.tempId === tempId ? { ...p, ...patch } : p)),
      },
    })),
  remove: (chatId, tempId) =>
    set((s) => ({ byChat: { ...s.byChat, [chatId]: (s.byChat[chatId] ?? []).filter((p) => p.tempId !== tempId) } })),
}));

export function usePendingSends(chatId: string | null): PendingSend[] {
  return usePendingStore((s) => (chatId ? (s.byChat[chatId] ?? NONE) : NONE));
}

/** Previews of images this session uploaded, by attachment id (the API serves no image bytes back). */
export const attachmentPreviews = new Map<string, string>();
