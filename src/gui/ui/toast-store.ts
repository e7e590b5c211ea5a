import { create } from 'zustand';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

interface ToastState {
  toasts: Toast[];
  nextId: number;
  /** Returns the toast's id (an identical toast already shown is that one), to dismiss it early. */
  show: (kind: ToastKind, text: string) => number;
  dismiss: (id: number) => void;
}

const TOAST_MS = 6000;

export const useToastStore = create<ToastState>((set, get) => ({
  toasts: [],
  nextId: 1,
  show: (kind, text) => {
    // The same sentence twice in a row (a retry loop, a double click) is one toast.
    const same = get().toasts.find((t) => t.text === text);
    if (same) return same.id;
    const id = get().nextId;
    set((s) => ({ nextId: id + 1, toasts: [...s.toasts.slice(-3), { id, kind, text }] }));
    setTimeout(() => get().dismiss(id), kind === 'error' ? TOAST_MS * 1.5 : TOAST_MS);
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const showToast = (kind: ToastKind, text: string): number => useToastStore.getState().show(kind, text);
export const dismissToast = (id: number): void => useToastStore.getState().dismiss(id);
