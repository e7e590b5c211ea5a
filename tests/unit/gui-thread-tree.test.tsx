import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/gui/api';
import { initialThreadState, reduceThread, reduceThreadEvents } from '../../src/gui/chat-window/thread/thread-reducer';
import { createThread, type ThreadApi, type ThreadDeps } from '../../src/gui/chat-window/thread/thread-store';
import type { ThreadState } from '../../src/gui/chat-window/thread/thread-types';
import type { Chat, ErrorInfo, Message, MessagesQuery, MessagesResponse } from '../../src/shared/api';
import { makeChat, makeMessage, recordingEffects } from '../support/thread-fixtures';
import { waitFor } from '../support/wait-for';

const chat: Chat = makeChat({ currentLeafId: 'a2' });

function msg(id: string, patch: Partial<Message> = {}): Message {
  return makeMessage(id, patch);
}

const u1 = msg('u1', { role: 'user', content: 'Hi' });
const a1 = msg('a1', { parentId: 'u1', content: 'Hello', siblingIds: ['a0', 'a1'] });
const u2 = msg('u2', { role: 'user', parentId: 'a1', content: 'More' });
const a2 = msg('a2', { parentId: 'u2', content: 'Even more' });

function loaded(messages: Message[], leaf: string | null = null): ThreadState {
  return reduceThread(initialThreadState('c1'), { type: 'loaded', leaf, response: { chat, messages } });
}

describe('thread reducer: an edited answer', () => {
  it('shows the edited copy in place of the answer, as the new leaf, with both versions in the switcher', () => {
    const edited = msg('a2e', { parentId: 'u2', content: 'Mine', edited: true, siblingIds: ['a2', 'a2e'] });
    const next = reduceThread(loaded([u1, a1, u2, a2]), { type: 'answer-edited', original: a2, message: edited });
    expect(next.leaf).toBe('a2e');
    expect(next.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2e']);
    expect(next.messages[3]?.siblingIds).toEqual(['a2', 'a2e']);
    expect(next.messages[3]?.edited).toBe(true);
  });

  it('cuts what was below the answer (the edit starts a branch of its own)', () => {
    const edited = msg('a1e', { parentId: 'u1', content: 'Mine', edited: true, siblingIds: ['a0', 'a1', 'a1e'] });
    const next = reduceThread(loaded([u1, a1, u2, a2]), { type: 'answer-edited', original: a1, message: edited });
    expect(next.messages.map((m) => m.id)).toEqual(['u1', 'a1e']);
  });

  it('ignores a repeated event', () => {
    const edited = msg('a2e', { parentId: 'u2', content: 'Mine', edited: true, siblingIds: ['a2', 'a2e'] });
    const once = reduceThread(loaded([u1, a1, u2, a2]), { type: 'answer-edited', original: a2, message: edited });
    expect(reduceThread(once, { type: 'answer-edited', original: a2, message: edited })).toBe(once);
  });
});

describe('thread reducer: a deleted subtree', () => {
  it('ends the shown branch above the deleted message and asks for the new current leaf', () => {
    const next = reduceThread(loaded([u1, a1, u2, a2]), {
      type: 'subtree-deleted',
      messageId: 'u2',
      currentLeafId: 'a1',
    });
    expect(next.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
    expect(next.leaf).toBe('a1');
    expect(next.chat?.currentLeafId).toBe('a1');
  });

  it('takes the deleted id out of the switcher of the remaining messages', () => {
    const next = reduceThread(loaded([u1, a1, u2, a2]), {
      type: 'subtree-deleted',
      messageId: 'a1',
      currentLeafId: 'a0',
    });
    expect(next.messages.map((m) => m.id)).toEqual(['u1']);
    const withSibling = reduceThread(loaded([u1, a1]), {
      type: 'subtree-deleted',
      messageId: 'a0',
      currentLeafId: 'a1',
    });
    expect(withSibling.messages[1]?.siblingIds).toEqual(['a1']);
  });

  it('forgets live text of answers that went with it', () => {
    const running = msg('a3', { parentId: 'u2', status: 'streaming' });
    const state = reduceThreadEvents(loaded([u1, a1, u2, running]), [
      {
        type: 'snapshot',
        id: 'a3',
        data: { messageId: 'a3', content: 'part', thinking: '', status: 'streaming' },
        at: 0,
      },
    ]);
    expect(state.live.a3).toBeDefined();
    const next = reduceThread(state, { type: 'subtree-deleted', messageId: 'u2', currentLeafId: 'a1' });
    expect(next.live.a3).toBeUndefined();
  });

  it('a load for the old leaf arriving afterwards is stale', () => {
    const deleted = reduceThread(loaded([u1, a1, u2, a2], 'a2'), {
      type: 'subtree-deleted',
      messageId: 'u2',
      currentLeafId: 'a1',
    });
    const late = reduceThread(deleted, {
      type: 'loaded',
      leaf: 'a2',
      response: { chat, messages: [u1, a1, u2, a2] },
    });
    expect(late).toBe(deleted);
  });
});

describe('thread store: tree actions', () => {
  function storeWith(messages: Message[], apiPatch: Partial<ThreadApi>, failures: ErrorInfo[] = []) {
    let served = messages;
    const loads: Array<string | null | undefined> = [];
    const api = {
      getMessages: async (_chatId: string, page: MessagesQuery = {}): Promise<MessagesResponse> => {
        loads.push(page.leaf);
        return { chat, messages: served };
      },
      ...apiPatch,
    } as unknown as ThreadApi;
    const deps: ThreadDeps = {
      api,
      subscribe: () => () => {},
      effects: recordingEffects(failures),
      schedule: (flush) => flush(),
      now: () => 0,
    };
    return { thread: createThread('c1', deps), loads, serve: (next: Message[]) => (served = next) };
  }

  it('editAnswer shows the stored copy as the new leaf', async () => {
    const edited = msg('a2e', { parentId: 'u2', content: 'Mine', edited: true, siblingIds: ['a2', 'a2e'] });
    const { thread } = storeWith([u1, a1, u2, a2], { editAnswer: async () => ({ message: edited }) });
    await thread.load();
    expect(await thread.editAnswer(a2, 'Mine')).toBe(true);
    expect(thread.store.getState().messages.at(-1)?.id).toBe('a2e');
  });

  it('deleteMessage cuts the branch, then loads the branch of the new current leaf', async () => {
    const calls: string[] = [];
    const { thread, serve, loads } = storeWith([u1, a1, u2, a2], {
      deleteMessage: async (_chatId: string, id: string) => {
        calls.push(id);
        return { deleted: 2, currentLeafId: 'a1' };
      },
    });
    await thread.load();
    serve([u1, { ...a1, content: 'Hello (reloaded)' }]);
    expect(await thread.deleteMessage(u2)).toBe(true);
    expect(calls).toEqual(['u2']);
    expect(thread.store.getState().messages.map((m) => m.id)).toEqual(['u1', 'a1']);
    await waitFor(() => thread.store.getState().messages[1]?.content === 'Hello (reloaded)');
    expect(loads.at(-1)).toBe('a1');
    expect(thread.store.getState().leaf).toBe('a1');
  });

  it('a refused delete is reported and the branch stays', async () => {
    const failures: ErrorInfo[] = [];
    const refusal: ErrorInfo = { code: 'conflict', message: 'still running' };
    const { thread } = storeWith(
      [u1, a1, u2, a2],
      {
        deleteMessage: async () => {
          throw new ApiError(refusal, 409);
        },
      },
      failures,
    );
    await thread.load();
    expect(await thread.deleteMessage(u2)).toBe(false);
    expect(failures.map((f) => f.code)).toEqual(['conflict']);
    expect(thread.store.getState().messages).toHaveLength(4);
  });
});
