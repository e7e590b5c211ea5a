import type { QueryClient } from '@tanstack/react-query';
import type { Message, MessagesResponse } from '../../shared/api';
import { queryKeys } from '../api';
import { useBranchStore } from './branch-store';

/** Replaces (or patches) one message in every cached branch of its chat. */
export function patchMessage(
  queryClient: QueryClient,
  chatId: string,
  id: string,
  patch: Partial<Message> | ((message: Message) => Message),
): void {
  queryClient.setQueriesData<MessagesResponse>({ queryKey: queryKeys.chatMessages(chatId) }, (data) => {
    if (!data?.messages.some((m) => m.id === id)) return data;
    return {
      ...data,
      messages: data.messages.map((m) =>
        m.id === id ? (typeof patch === 'function' ? patch(m) : { ...m, ...patch }) : m,
      ),
    };
  });
}

/** The branch currently shown for a chat, from the cache. */
export function shownBranch(queryClient: QueryClient, chatId: string): MessagesResponse | undefined {
  const leaf = useBranchStore.getState().leafByChat[chatId] ?? null;
  return (
    queryClient.getQueryData<MessagesResponse>(queryKeys.messages(chatId, leaf)) ??
    queryClient.getQueryData<MessagesResponse>(queryKeys.messages(chatId, null))
  );
}

/**
 * Shows `added` right after `parentId` (null: as new roots) on the shown branch, and makes the last
 * added message the shown leaf. Older siblings learn about the new one so `‹ n/m ›` stays right.
 */
export function extendBranch(
  queryClient: QueryClient,
  chatId: string,
  parentId: string | null,
  added: Message[],
): void {
  const current = shownBranch(queryClient, chatId);
  const last = added.at(-1);
  if (!current || !last) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.chatMessages(chatId) });
    return;
  }
  const cut = parentId === null ? 0 : current.messages.findIndex((m) => m.id === parentId) + 1;
  const base = current.messages.slice(0, cut);
  const first = added[0];
  const withSiblings = added.map((m, i) => {
    if (i !== 0 || !first) return m;
    const replaced = current.messages[cut];
    const siblings = new Set([...(replaced?.siblingIds ?? []), ...m.siblingIds, m.id]);
    return { ...m, siblingIds: [...siblings] };
  });
  const next: MessagesResponse = { ...current, messages: [...base, ...withSiblings] };
  queryClient.setQueryData(queryKeys.messages(chatId, last.id), next);
  queryClient.setQueryData(queryKeys.messages(chatId, null), next);
  useBranchStore.getState().setLeaf(chatId, last.id);
}
