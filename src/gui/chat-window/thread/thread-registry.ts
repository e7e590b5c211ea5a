import { createThread, type Thread, type ThreadDeps } from './thread-store';

export interface ThreadRegistry {
  /** The chat's thread, created on first use. */
  get: (chatId: string) => Thread;
  /** The chat is on screen: keep its thread. */
  show: (chatId: string) => void;
  /** The chat left the screen: its thread goes once nothing is in flight. */
  hide: (chatId: string) => void;
  /** How many threads are alive (the memory benchmark watches this). */
  size: () => number;
  onSizeChange: (listener: (size: number) => void) => () => void;
  /** Disposes every thread (tests, teardown). */
  clear: () => void;
}

type Defer = (task: () => void) => void;

/**
 * The one owner of thread stores. A thread lives while its chat is on screen, and after that only
 * as long as it has a running answer or an unsent message; then it is disposed and forgotten, so a
 * closed chat's text, image previews and event streams are released.
 */
export function createThreadRegistry(deps: ThreadDeps, defer: Defer = (task) => setTimeout(task, 0)): ThreadRegistry {
  const threads = new Map<string, { thread: Thread; viewers: number; unsubscribe: () => void }>();
  const listeners = new Set<(size: number) => void>();
  const notify = () => {
    for (const listener of listeners) listener(threads.size);
  };

  const releaseIfUnused = (chatId: string) => {
    const entry = threads.get(chatId);
    if (!entry || entry.viewers > 0 || !entry.thread.isIdle()) return;
    entry.unsubscribe();
    entry.thread.dispose();
    threads.delete(chatId);
    notify();
  };

  const get = (chatId: string): Thread => {
    const existing = threads.get(chatId);
    if (existing) return existing.thread;
    const thread = createThread(chatId, deps);
    // A hidden thread is checked again whenever its state changes (an answer ended, a send went out).
    const unsubscribe = thread.store.subscribe(() => {
      const entry = threads.get(chatId);
      if (entry && entry.viewers === 0) defer(() => releaseIfUnused(chatId));
    });
    threads.set(chatId, { thread, viewers: 0, unsubscribe });
    notify();
    // Created but never shown (a render React threw away): released on the next turn.
    defer(() => releaseIfUnused(chatId));
    return thread;
  };

  return {
    get,
    show: (chatId) => {
      get(chatId);
      const entry = threads.get(chatId);
      if (entry) entry.viewers += 1;
    },
    hide: (chatId) => {
      const entry = threads.get(chatId);
      if (!entry) return;
      entry.viewers = Math.max(0, entry.viewers - 1);
      // Deferred: React's StrictMode (and a quick re-render) hides and shows again in the same turn.
      defer(() => releaseIfUnused(chatId));
    },
    size: () => threads.size,
    onSizeChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => {
      for (const entry of threads.values()) {
        entry.unsubscribe();
        entry.thread.dispose();
      }
      threads.clear();
      notify();
    },
  };
}
