import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Message } from '../../shared/api';
import { ERROR_CODES } from '../../shared/error-codes';
import { describeError, queryKeys, subscribeToGeneration } from '../api';
import { announce } from '../app/announcer';
import { showToast } from '../app/toast-store';
import { requestHealthCheck } from '../app/use-health';
import { patchMessage } from './messages-cache';
import { streamBatcher, useStreamStore } from './stream-store';

interface Subscription {
  chatId: string;
  close: () => void;
}

const subscriptions = new Map<string, Subscription>();
/** The chat on screen; answers finishing elsewhere report errors as toasts. */
let visibleChatId: string | null = null;

export function isActive(message: Message): boolean {
  return message.role === 'assistant' && (message.status === 'queued' || message.status === 'streaming');
}

function finish(queryClient: QueryClient, id: string) {
  subscriptions.get(id)?.close();
  subscriptions.delete(id);
  useStreamStore.getState().remove(id);
  void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
}

/** Subscribes to one generation (id = assistant message id) and writes its final state into the cache. */
export function watchGeneration(queryClient: QueryClient, chatId: string, id: string): void {
  if (subscriptions.has(id)) return;
  const live = () => useStreamStore.getState().streams[id];
  const close = subscribeToGeneration(id, {
    onSnapshot: (data) => streamBatcher.push({ type: 'snapshot', id, data }),
    onDelta: (data) => streamBatcher.push({ type: 'delta', id, data }),
    onStatus: ({ status }) => streamBatcher.push({ type: 'status', id, status }),
    onDone: ({ message, metrics }) => {
      streamBatcher.push({ type: 'final', id, status: message.status });
      patchMessage(queryClient, chatId, id, { ...message, metrics: message.metrics ?? metrics });
      finish(queryClient, id);
      // The answer's speed is a new measurement, and it loaded its model: mark those views stale.
      void queryClient.invalidateQueries({ queryKey: queryKeys.allModelMetrics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.metricsComparison });
      void queryClient.invalidateQueries({ queryKey: queryKeys.runningModels });
      announce(`${message.model ?? 'The model'} finished answering.`);
    },
    onError: (error) => {
      // A generation the server lost (it stopped mid-answer) reports `interrupted`: offer Continue.
      const status = error.code === ERROR_CODES.interrupted ? 'interrupted' : 'error';
      streamBatcher.push({ type: 'final', id, status, error });
      const stream = live();
      patchMessage(queryClient, chatId, id, (m) => ({
        ...m,
        status,
        error,
        content: stream?.content ?? m.content,
        thinking: stream?.thinking ?? m.thinking,
      }));
      const text = describeError(error.code, error.message).text;
      finish(queryClient, id);
      announce(`The answer failed. ${text}`);
      if (chatId !== visibleChatId) showToast('error', `An answer in another chat failed: ${text}`);
    },
    onCancelled: () => {
      streamBatcher.push({ type: 'final', id, status: 'cancelled' });
      const stream = live();
      patchMessage(queryClient, chatId, id, (m) => ({
        ...m,
        status: 'cancelled',
        content: stream?.content ?? m.content,
        thinking: stream?.thinking ?? m.thinking,
      }));
      finish(queryClient, id);
      announce('Stopped.');
    },
    onReconnecting: () => requestHealthCheck(),
    onUnavailable: () => {
      finish(queryClient, id);
      void queryClient.invalidateQueries({ queryKey: queryKeys.chatMessages(chatId) });
    },
  });
  subscriptions.set(id, { chatId, close });
}

/** Keeps one event stream open for every queued/streaming answer of the chat on screen. */
export function useGenerationSubscriptions(chatId: string | null, messages: readonly Message[] | undefined): void {
  const queryClient = useQueryClient();
  const activeKey = (messages ?? [])
    .filter(isActive)
    .map((m) => m.id)
    .join(',');

  useEffect(() => {
    visibleChatId = chatId;
    return () => {
      if (visibleChatId === chatId) visibleChatId = null;
      // Leaving the chat closes its streams; coming back re-subscribes and gets a fresh snapshot.
      for (const [id, sub] of subscriptions) {
        if (sub.chatId === chatId) {
          sub.close();
          subscriptions.delete(id);
          useStreamStore.getState().remove(id);
        }
      }
    };
  }, [chatId]);

  useEffect(() => {
    if (!chatId || !activeKey) return;
    for (const id of activeKey.split(',')) watchGeneration(queryClient, chatId, id);
  }, [chatId, activeKey, queryClient]);
}

export function isWatching(id: string): boolean {
  return subscriptions.has(id);
}
