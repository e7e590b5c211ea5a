import { createThread, type Thread, type ThreadDeps } from './thread-store';

export interface ThreadRegistry {
  /** The chat's thread, created on first use. */
  get: (chatId: string) => Thread;
  /** The chat is on screen: keep its thread. */
  show: (chatId: string) => void;
  /** The chat left the screen: its thread goes once nothing is in flight. */
  hide: (chatId: string) => void;
  /**
   * Starts loading a chat that is about to open (the pointer went down on its link), so its messages are
   * on the way before the click ends; the thread is kept a moment for the click to find it.
   */
  prefetch: (chatId: string) => void;
  /** Call when the chat opens (after `show`): true (once) when it was prefetched moments ago, so it needs no second load. */
  takePrefetched: (chatId: string) => boolean;
  /** How many threads are alive (the memory benchmark watches this). */
  size: () => number;
  onSizeChange: (listener: (size: number) => void) => () => void;
  /** Disposes every thread (tests, teardown). */
  clear: () => void;
}

type Defer = (task: () => void) => void;

/** How long a prefetched thread is kept without being shown, and how long its load counts as fresh. */
const PREFETCH_HOLD_MS = 3000;

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

  const show = (chatId: string) => {
    get(chatId);
    const entry = threads.get(chatId);
    if (entry) entry.viewers += 1;
  };
  const hide = (chatId: string) => {
    const entry = threads.get(chatId);
    if (!entry) return;
    entry.viewers = Math.max(0, entry.viewers - 1);
    // Deferred: React's StrictMode (and a quick re-render) hides and shows again in the same turn.
    defer(() => releaseIfUnused(chatId));
  };
  /** Chats prefetched and not opened yet: when, and the timer that lets them go if no open follows. */
  const prefetched = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  const endPrefetch = (chatId: string) => {
    const entry = prefetched.get(chatId);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    prefetched.delete(chatId);
    hide(chatId);
    return entry.at;
  };

  return {
    get,
    show,
    hide,
    prefetch: (chatId) => {
      // A thread that is alive is shown or running: it has its messages or is fetching them.
      if (threads.has(chatId)) return;
      show(chatId);
      const timer = setTimeout(() => endPrefetch(chatId), PREFETCH_HOLD_MS);
      prefetched.set(chatId, { at: Date.now(), timer });
      void get(chatId).load();
    },
    takePrefetched: (chatId) => {
      // The open shows the thread itself now: the prefetch's hold goes.
      const at = endPrefetch(chatId);
      return at !== undefined && Date.now() - at < PREFETCH_HOLD_MS;
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
