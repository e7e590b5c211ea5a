import { create } from 'zustand';

interface AnnouncerState {
  message: string;
  announce: (text: string) => void;
}

/** One polite live region for the whole app: completion of answers, not every token. */
export const useAnnouncer = create<AnnouncerState>((set) => ({
  message: '',
  announce: (text) => {
    // Clearing first makes screen readers repeat an identical announcement.
    set({ message: '' });
    setTimeout(() => set({ message: text }), 50);
  },
}));

export const announce = (text: string) => useAnnouncer.getState().announce(text);
