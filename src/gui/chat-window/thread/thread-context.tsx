import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
} from 'react';
import { useStore } from 'zustand';
import { api, errorText, queryKeys, subscribeToGeneration } from '../../api';
import { announce } from '../../ui/announcer';
import { showToast } from '../../ui/toast-store';
import { useUiStore } from '../../ui/ui-store';
import { createThreadRegistry, type ThreadRegistry } from './thread-registry';
import type { Thread } from './thread-store';
import type { ThreadState } from './thread-types';

const RegistryContext = createContext<ThreadRegistry | null>(null);
const ThreadContext = createContext<Thread | null>(null);

/** Owns the app's thread registry; answers report back to React Query, the announcer and toasts. */
export function ThreadRegistryProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [registry] = useState(() => {
    const shown = new Set<string>();
    const created = createThreadRegistry({
      api,
      subscribe: (id, handlers) => subscribeToGeneration(id, handlers),
      effects: {
        chatsChanged: () => void queryClient.invalidateQueries({ queryKey: queryKeys.allChats }),
        answerDone: (message) => {
          // The answer's speed is a new measurement, and it loaded its model: mark those views stale.
          void queryClient.invalidateQueries({ queryKey: queryKeys.allModelMetrics });
          void queryClient.invalidateQueries({ queryKey: queryKeys.metricsComparison });
          void queryClient.invalidateQueries({ queryKey: queryKeys.runningModels });
          announce(`${message.model ?? 'The model'} finished answering.`);
        },
        answerFailed: (chatId, error) => {
          const text = errorText(error);
          announce(`The answer failed. ${text}`);
          if (!shown.has(chatId)) showToast('error', `An answer in another chat failed: ${text}`);
        },
        answerStopped: () => announce('Stopped.'),
        actionFailed: (error) => showToast('error', errorText(error)),
        connectionTrouble: () => useUiStore.getState().healthCheck?.(),
      },
    });
    return {
      ...created,
      show: (chatId: string) => {
        shown.add(chatId);
        created.show(chatId);
      },
      hide: (chatId: string) => {
        shown.delete(chatId);
        created.hide(chatId);
      },
    } satisfies ThreadRegistry;
  });
  useEffect(() => {
    // The memory benchmark reads how many threads are alive from the page.
    const write = (size: number) => {
      document.documentElement.dataset.liveThreads = String(size);
    };
    write(registry.size());
    return registry.onSizeChange(write);
  }, [registry]);
  useEffect(() => () => registry.clear(), [registry]);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

export function useThreadRegistry(): ThreadRegistry {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('ThreadRegistryProvider is missing');
  return registry;
}

/** The thread of the chat on screen (null: the home screen); loads it when the chat opens. */
export function useChatThread(chatId: string | null): Thread | null {
  const registry = useThreadRegistry();
  const thread = chatId ? registry.get(chatId) : null;
  const rendered = useRef(thread);
  rendered.current = thread;
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  // A layout effect: shown in the same task as the commit, so the registry's next-turn release of threads
  // that nothing shows cannot come in between.
  useLayoutEffect(() => {
    if (!chatId) return;
    registry.show(chatId);
    // The thread this render got can still have been let go before the commit (a render that yielded on a
    // busy machine): render again with the live one, or sends would go to a disposed thread and be lost.
    if (registry.get(chatId) !== rendered.current) refresh();
    // A chat prefetched as the pointer went down on its link is loading (or loaded) already.
    if (!registry.takePrefetched(chatId)) void registry.get(chatId).load();
    return () => registry.hide(chatId);
  }, [chatId, registry]);
  return thread;
}

const NO_STATE = {} as ThreadState;
const noStore = {
  getState: () => NO_STATE,
  getInitialState: () => NO_STATE,
  subscribe: () => () => {},
  setState: () => {},
};

/** Reads a thread through a selector; re-renders only when the selected value changes. */
export function useThreadState<T>(thread: Thread | null, selector: (state: ThreadState) => T, fallback: T): T {
  const value = useStore(thread?.store ?? noStore, (s) => (thread ? selector(s) : fallback));
  return value;
}

export const ThreadProvider = ThreadContext.Provider;

/** The thread of the message list a row is rendered in. */
export function useCurrentThread(): Thread {
  const thread = useContext(ThreadContext);
  if (!thread) throw new Error('ThreadProvider is missing');
  return thread;
}

export function useThreadSelector<T>(selector: (state: ThreadState) => T): T {
  return useStore(useCurrentThread().store, selector);
}
