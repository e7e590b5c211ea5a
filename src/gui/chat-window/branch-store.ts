import { create } from 'zustand';

/**
 * Which branch of a chat's message tree is shown, per chat: the leaf message id, or null for the
 * chat's current leaf as the server knows it. Set when the user switches `‹ 2/3 ›`, sends, or regenerates.
 */
interface BranchState {
  leafByChat: Record<string, string | null>;
  setLeaf: (chatId: string, leafId: string | null) => void;
}

export const useBranchStore = create<BranchState>((set) => ({
  leafByChat: {},
  setLeaf: (chatId, leafId) => set((s) => ({ leafByChat: { ...s.leafByChat, [chatId]: leafId } })),
}));

export function useLeafOverride(chatId: string | null): string | null {
  return useBranchStore((s) => (chatId ? (s.leafByChat[chatId] ?? null) : null));
}
