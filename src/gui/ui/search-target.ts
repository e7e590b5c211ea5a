/** The message a search result asked to open: the chat view scrolls to it on its branch and highlights it. */
import { create } from 'zustand';

export interface SearchTarget {
  chatId: string;
  messageId: string;
  /** Opens the branch that holds the message (`GET …/messages?leaf=`). */
  leaf: string;
}

interface SearchTargetState {
  target: SearchTarget | null;
  open: (target: SearchTarget) => void;
  clear: () => void;
}

export const useSearchTarget = create<SearchTargetState>((set) => ({
  target: null,
  open: (target) => set({ target }),
  clear: () => set({ target: null }),
}));
