import { describe, expect, it, vi } from 'vitest';
import type { GenerationEventHandlers } from '../../src/gui/api';
import { createThreadRegistry } from '../../src/gui/chat-window/thread/thread-registry';
import { createThread, type ThreadApi, type ThreadDeps } from '../../src/gui/chat-window/thread/thread-store';
import type { Chat, Message, MessagesResponse } from '../../src/shared/api';

const chat = { id: 'c1', title: 'Chat', model: 'm', updatedAt: '2026-01-01' } as Chat;
const answer = {
  id: 'a1',
  chatId: 'c1',
  parentId: null,
  role: 'assistant',
  status: 'streaming',
  content: '',
  thinking: '',
  error: null,
  attachments: [],
  siblingIds: ['a1'],
} as unknown as Message;

/** An in-memory server for the thread: the messages it holds and the event streams the thread opened. */
function harness(messages: Message[]) {
  const streams = new Map<string, GenerationEventHandlers>();
  let frame: (() => void) | null = null;
  const api = {
    getMessages: async (): Promise<MessagesResponse> => ({ chat, messages }),
  } as unknown as ThreadApi;
  const deps: ThreadDeps = {
    api,
    subscribe: (id, handlers) => {
      streams.set(id, handlers);
      return () => streams.delete(id);
    },
    effects: {
      chatsChanged: () => {},
      answerDone: () => {},
      answerFailed: () => {},
      answerStopped: () => {},
      actionFailed: () => {},
      connectionTrouble: () => {},
    },
    schedule: (flush) => {
      frame = flush;
    },
    now: () => 0,
  };
  return {
    deps,
    streams,
    runFrame: () => {
      const f = frame;
      frame = null;
      f?.();
    },
  };
}

describe('thread store', () => {
  it('opens a stream for a running answer and applies its frames at most once per frame, final at once', async () => {
    const h = harness([answer]);
    const thread = createThread('c1', h.deps);
    await thread.load();
    const stream = h.streams.get('a1');
    expect(stream).toBeDefined();
    let updates = 0;
    thread.store.subscribe(() => {
      updates += 1;
    });
    stream?.onSnapshot({ messageId: 'a1', content: '', thinking: '', status: 'streaming' });
    for (let i = 0; i < 50; i++) stream?.onDelta({ content: 'x' });
    expect(updates).toBe(0);
    h.runFrame();
    expect(updates).toBe(1);
    expect(thread.store.getState().live.a1?.content).toBe('x'.repeat(50));
    stream?.onDelta({ content: 'y' });
    stream?.onDone({ message: { ...answer, status: 'complete', content: `${'x'.repeat(50)}y` }, metrics: null });
    expect(updates).toBe(2);
    expect(thread.store.getState().messages[0]?.content).toBe(`${'x'.repeat(50)}y`);
    expect(h.streams.size).toBe(0);
    expect(thread.isIdle()).toBe(true);
  });
});

describe('thread registry', () => {
  it('releases a hidden chat once its answer has ended, and a shown one never', async () => {
    const h = harness([answer]);
    const tasks: (() => void)[] = [];
    const registry = createThreadRegistry(h.deps, (task) => tasks.push(task));
    const runTasks = () => {
      while (tasks.length) tasks.shift()?.();
    };
    registry.show('c1');
    await registry.get('c1').load();
    runTasks();
    expect(registry.size()).toBe(1);
    registry.hide('c1');
    runTasks();
    // Still streaming: kept, with its stream open.
    expect(registry.size()).toBe(1);
    expect(h.streams.has('a1')).toBe(true);
    h.streams.get('a1')?.onCancelled();
    runTasks();
    expect(registry.size()).toBe(0);
    // Opening and closing chats leaves nothing behind.
    for (let i = 0; i < 20; i++) {
      registry.show(`x${i}`);
      registry.hide(`x${i}`);
    }
    runTasks();
    expect(registry.size()).toBe(0);
  });
});

describe('thread registry prefetch', () => {
  it('a chat prefetched as the pointer goes down is loaded once, kept for the click, released if never opened', async () => {
    vi.useFakeTimers();
    try {
      const h = harness([]);
      let loads = 0;
      const getMessages = h.deps.api.getMessages;
      h.deps.api.getMessages = (...args: Parameters<typeof getMessages>) => {
        loads += 1;
        return getMessages(...args);
      };
      const tasks: (() => void)[] = [];
      const registry = createThreadRegistry(h.deps, (task) => tasks.push(task));
      const runTasks = () => {
        while (tasks.length) tasks.shift()?.();
      };
      registry.prefetch('c1');
      registry.prefetch('c1');
      runTasks();
      expect(loads).toBe(1);
      expect(registry.size()).toBe(1);
      // The click opens it (what useChatThread does): no second load.
      registry.show('c1');
      expect(registry.takePrefetched('c1')).toBe(true);
      expect(registry.takePrefetched('c1')).toBe(false);
      // A prefetch that no open follows lets its thread go; the open chat stays.
      registry.prefetch('c2');
      expect(loads).toBe(2);
      expect(registry.size()).toBe(2);
      await vi.advanceTimersByTimeAsync(5000);
      runTasks();
      expect(registry.takePrefetched('c2')).toBe(false);
      expect(registry.size()).toBe(1);
      registry.hide('c1');
      runTasks();
      expect(registry.size()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
