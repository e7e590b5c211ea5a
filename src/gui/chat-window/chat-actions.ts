import type { QueryClient } from '@tanstack/react-query';
import type { Chat, Message } from '../../shared/api';
import { api, type ChatPages, describeUnknownError, queryKeys } from '../api';
import { showToast } from '../app/toast-store';
import { watchGeneration } from './generation-subscriptions';
import { extendBranch, patchMessage, shownBranch } from './messages-cache';
import { attachmentPreviews, type LocalAttachment, type PendingSend, usePendingStore } from './pending-store';
import { useStreamStore } from './stream-store';

let tempCounter = 0;

export interface SendInput {
  chatId: string;
  content: string;
  attachments: LocalAttachment[];
  /**
   * `'end'`: after the last message of the shown branch at delivery time (messages sent in a row chain up);
   * an id: after that message (editing creates a sibling); null: a new root.
   */
  parentId: string | null | 'end';
  model: string | null;
}

/** Puts a freshly created chat at the top of the cached chat list so the sidebar shows it at once. */
export function addChatToList(queryClient: QueryClient, chat: Chat): void {
  queryClient.setQueryData<ChatPages>(queryKeys.chats(''), (data) => {
    if (!data) return data;
    const [first, ...rest] = data.pages;
    if (!first) return data;
    return { ...data, pages: [{ ...first, chats: [chat, ...first.chats.filter((c) => c.id !== chat.id)] }, ...rest] };
  });
}

/** Sends of one chat go out one after another, so each can attach to the answer of the one before. */
const chains = new Map<string, Promise<void>>();

function deliver(queryClient: QueryClient, pending: PendingSend, parent: string | null | 'end'): Promise<void> {
  const previous = chains.get(pending.chatId) ?? Promise.resolve();
  const next = previous.then(() => deliverNow(queryClient, pending, parent));
  chains.set(pending.chatId, next);
  void next.finally(() => {
    if (chains.get(pending.chatId) === next) chains.delete(pending.chatId);
  });
  return next;
}

async function deliverNow(
  queryClient: QueryClient,
  pending: PendingSend,
  parent: string | null | 'end',
): Promise<void> {
  const store = usePendingStore.getState();
  const parentId = parent === 'end' ? (shownBranch(queryClient, pending.chatId)?.messages.at(-1)?.id ?? null) : parent;
  try {
    const response = await api.sendMessage(pending.chatId, {
      content: pending.content,
      parentId,
      attachments:
        pending.attachments.length > 0
          ? pending.attachments.map((a) => ({ name: a.name, mime: a.mime, data: a.dataUrl }))
          : undefined,
      model: pending.model ?? undefined,
    });
    response.userMessage.attachments.forEach((attachment, i) => {
      const local = pending.attachments[i];
      if (local) attachmentPreviews.set(attachment.id, local.dataUrl);
    });
    extendBranch(queryClient, pending.chatId, parentId, [response.userMessage, response.assistantMessage]);
    store.remove(pending.chatId, pending.tempId);
    watchGeneration(queryClient, pending.chatId, response.assistantMessage.id);
    void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
  } catch (error) {
    store.update(pending.chatId, pending.tempId, {
      status: 'failed',
      error: describeUnknownError(error, { model: pending.model }),
    });
  }
}

/** Optimistic send: the message shows at once; if the server refuses it, it stays, marked, with Retry. */
export function sendMessage(queryClient: QueryClient, input: SendInput): void {
  const pending: PendingSend = {
    tempId: `pending-${Date.now()}-${tempCounter++}`,
    chatId: input.chatId,
    content: input.content,
    attachments: input.attachments,
    parentId: input.parentId,
    model: input.model,
    status: 'sending',
    error: null,
  };
  usePendingStore.getState().add(pending);
  void deliver(queryClient, pending, input.parentId);
}

export function retrySend(queryClient: QueryClient, pending: PendingSend): void {
  const next = { ...pending, status: 'sending' as const, error: null };
  usePendingStore.getState().update(pending.chatId, pending.tempId, next);
  void deliver(queryClient, next, pending.parentId);
}

export function discardSend(pending: PendingSend): void {
  usePendingStore.getState().remove(pending.chatId, pending.tempId);
}

/** A new sibling answer for an assistant message; the shown branch switches to it. */
export async function regenerate(queryClient: QueryClient, chatId: string, message: Message): Promise<void> {
  try {
    const { assistantMessage } = await api.regenerate(message.id);
    extendBranch(queryClient, chatId, message.parentId, [assistantMessage]);
    watchGeneration(queryClient, chatId, assistantMessage.id);
    void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
  } catch (error) {
    showToast('error', describeUnknownError(error, { model: message.model }).text);
  }
}

/** Continues an interrupted (or stopped) answer in place. */
export async function continueAnswer(queryClient: QueryClient, chatId: string, message: Message): Promise<void> {
  try {
    const { assistantMessage } = await api.continueMessage(message.id);
    useStreamStore.getState().remove(message.id);
    patchMessage(queryClient, chatId, message.id, { ...assistantMessage, siblingIds: message.siblingIds });
    watchGeneration(queryClient, chatId, assistantMessage.id);
    void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
  } catch (error) {
    showToast('error', describeUnknownError(error, { model: message.model }).text);
  }
}

/** Stops (or un-queues) a generation; its event stream then reports `cancelled`. */
export async function cancelGeneration(queryClient: QueryClient, chatId: string, id: string): Promise<void> {
  try {
    await api.cancelGeneration(id);
  } catch (error) {
    showToast('error', describeUnknownError(error).text);
    void queryClient.invalidateQueries({ queryKey: queryKeys.chatMessages(chatId) });
  }
}
