import { describe, expect, it } from 'vitest';
import { initialThreadState, reduceThread, reduceThreadEvents } from '../../src/gui/chat-window/thread/thread-reducer';
import type { PendingSend, ThreadEvent, ThreadState } from '../../src/gui/chat-window/thread/thread-types';
import type { Chat, Message } from '../../src/shared/api';
import { makeChat, makeMessage } from '../support/thread-fixtures';

const chat: Chat = makeChat();

function msg(id: string, patch: Partial<Message> = {}): Message {
  return makeMessage(id, patch);
}

const u1 = msg('u1', { role: 'user', content: 'Hi' });
const a1 = msg('a1', { parentId: 'u1', content: 'Hello' });

function loaded(messages: Message[], leaf: string | null = null): ThreadState {
  return reduceThread(initialThreadState('c1'), { type: 'loaded', leaf, response: { chat, messages } });
}

/** A thread whose last answer `a2` is streaming. */
function streaming(): ThreadState {
  const u2 = msg('u2', { role: 'user', parentId: 'a1', content: 'More' });
  const a2 = msg('a2', { parentId: 'u2', status: 'queued' });
  return reduceThreadEvents(loaded([u1, a1, u2, a2]), [
    { type: 'snapshot', id: 'a2', data: { messageId: 'a2', content: '', thinking: '', status: 'queued' }, at: 0 },
  ]);
}

const delta = (id: string, content: string, at = 1): ThreadEvent => ({ type: 'delta', id, data: { content }, at });
const snapshot = (id: string, content: string, at = 1): ThreadEvent => ({
  type: 'snapshot',
  id,
  data: { messageId: id, content, thinking: '', status: 'streaming' },
  at,
});

function pendingSend(tempId: string, patch: Partial<PendingSend> = {}): PendingSend {
  return {
    tempId,
    chatId: 'c1',
    content: 'Next',
    attachments: [],
    parentId: 'end',
    model: null,
    status: 'sending',
    error: null,
    ...patch,
  };
}

describe('thread reducer: loading', () => {
  it('loaded: shows the branch and the chat', () => {
    const s = loaded([u1, a1]);
    expect(s.load.kind).toBe('ready');
    expect(s.chat?.id).toBe('c1');
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
  });

  it('ignores a response for a branch no longer asked for, and keeps the old branch on screen meanwhile', () => {
    let s = loaded([u1, a1]);
    s = reduceThread(s, { type: 'branch-switched', leaf: 'a1b' });
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
    s = reduceThread(s, { type: 'loaded', leaf: null, response: { chat, messages: [u1] } });
    expect(s.messages).toHaveLength(2);
    const a1b = msg('a1b', { parentId: 'u1', siblingIds: ['a1', 'a1b'] });
    s = reduceThread(s, { type: 'loaded', leaf: 'a1b', response: { chat, messages: [u1, a1b] } });
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1b']);
  });

  it('load-failed: records a 404 as not found', () => {
    const s = reduceThread(initialThreadState('c1'), { type: 'load-failed', leaf: null, error: 'x', notFound: true });
    expect(s.load).toEqual({ kind: 'error', error: 'x', notFound: true });
  });

  it('a fresh load ends live text of answers the server says are finished, and keeps running ones', () => {
    let s = reduceThreadEvents(streaming(), [delta('a2', 'abc')]);
    s = reduceThread(s, {
      type: 'loaded',
      leaf: null,
      response: { chat, messages: [u1, a1, msg('u2', { role: 'user' }), msg('a2', { status: 'streaming' })] },
    });
    expect(s.live.a2?.content).toBe('abc');
    s = reduceThread(s, {
      type: 'loaded',
      leaf: null,
      response: { chat, messages: [u1, a1, msg('u2', { role: 'user' }), msg('a2', { content: 'abcdef' })] },
    });
    expect(s.live.a2).toBeUndefined();
    expect(s.messages.at(-1)?.content).toBe('abcdef');
  });
});

describe('thread reducer: sending', () => {
  it('optimistic send, then accepted: the pending message becomes the pair, and the branch follows it', () => {
    let s = reduceThread(loaded([u1, a1]), {
      type: 'send',
      pending: pendingSend('t1', {
        attachments: [{ id: 'l1', name: 'a.png', mime: 'image/png', size: 3, dataUrl: 'data:image/png;base64,AAA' }],
      }),
    });
    expect(s.pending).toHaveLength(1);
    const user = msg('u2', {
      role: 'user',
      parentId: 'a1',
      attachments: [{ id: 'att1', kind: 'image', name: 'a.png', mime: 'image/png', size: 3, sha256: 'a'.repeat(64) }],
    });
    const answer = msg('a2', { parentId: 'u2', status: 'queued' });
    const accepted: ThreadEvent = {
      type: 'accepted',
      tempId: 't1',
      parentId: 'a1',
      userMessage: user,
      assistantMessage: answer,
    };
    s = reduceThread(s, accepted);
    expect(s.pending).toHaveLength(0);
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(s.leaf).toBe('a2');
    expect(s.previews.att1).toBe('data:image/png;base64,AAA');
    // The same acceptance again changes nothing.
    expect(reduceThread(s, accepted)).toBe(s);
  });

  it('send-failed, send-retried and send-discarded', () => {
    let s = reduceThread(loaded([]), { type: 'send', pending: pendingSend('t1') });
    s = reduceThread(s, { type: 'send-failed', tempId: 't1', error: { code: 'queue_full', message: 'Full.' } });
    expect(s.pending[0]?.status).toBe('failed');
    expect(s.pending[0]?.error?.message).toBe('Full.');
    s = reduceThread(s, { type: 'send-retried', tempId: 't1' });
    expect(s.pending[0]).toMatchObject({ status: 'sending', error: null });
    s = reduceThread(s, { type: 'send-discarded', tempId: 't1' });
    expect(s.pending).toHaveLength(0);
  });

  it('edit: the new user message replaces the edited one on the branch and knows its sibling', () => {
    const s = reduceThread(loaded([u1, a1]), {
      type: 'accepted',
      tempId: 'missing',
      parentId: null,
      userMessage: msg('u1b', { role: 'user', siblingIds: ['u1', 'u1b'] }),
      assistantMessage: msg('a1c', { parentId: 'u1b', status: 'queued' }),
    });
    expect(s.messages.map((m) => m.id)).toEqual(['u1b', 'a1c']);
    expect(s.messages[0]?.siblingIds).toEqual(['u1', 'u1b']);
  });

  it('regenerate: a sibling answer replaces the old one on the shown branch', () => {
    const s = reduceThread(loaded([u1, a1]), {
      type: 'regenerated',
      parentId: 'u1',
      assistantMessage: msg('a1b', { parentId: 'u1', status: 'queued', siblingIds: ['a1b'] }),
    });
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1b']);
    expect(s.messages[1]?.siblingIds).toEqual(['a1', 'a1b']);
    expect(s.leaf).toBe('a1b');
  });

  it('continued: the answer is queued again in place, its old live state gone', () => {
    let s = reduceThreadEvents(streaming(), [{ type: 'final', id: 'a2', status: 'interrupted', at: 5 }]);
    s = reduceThread(s, { type: 'continued', assistantMessage: msg('a2', { status: 'queued', siblingIds: [] }) });
    expect(s.messages.at(-1)?.status).toBe('queued');
    expect(s.messages.at(-1)?.siblingIds).toEqual(['a2']);
  });
});

describe('thread reducer: streaming', () => {
  it('replaces text with the snapshot, then appends deltas, moving from queued to streaming', () => {
    let s = reduceThread(streaming(), snapshot('a2', 'Hello'));
    s = reduceThreadEvents(s, [
      delta('a2', ', world'),
      { type: 'delta', id: 'a2', data: { thinking: '…', content: '!' }, at: 2 },
    ]);
    expect(s.live.a2).toMatchObject({ content: 'Hello, world!', thinking: '…', status: 'streaming' });
    const queued = reduceThread(streaming(), delta('a2', 'x'));
    expect(queued.live.a2?.status).toBe('streaming');
  });

  it('a reconnect snapshot replaces what was there (no duplicated text)', () => {
    const s = reduceThreadEvents(streaming(), [
      snapshot('a2', 'abc'),
      delta('a2', 'def'),
      snapshot('a2', 'abcdef'),
      delta('a2', 'g'),
    ]);
    expect(s.live.a2?.content).toBe('abcdefg');
  });

  it('status: informative, applied to a known stream only', () => {
    const s = reduceThread(streaming(), { type: 'status', id: 'a2', status: 'streaming' });
    expect(s.live.a2?.status).toBe('streaming');
    expect(reduceThread(s, { type: 'status', id: 'zz', status: 'streaming' })).toBe(s);
  });

  it('done: the final message replaces the live text, and the thinking time is kept', () => {
    let s = reduceThreadEvents(streaming(), [
      { type: 'delta', id: 'a2', data: { thinking: 'hmm' }, at: 1000 },
      { type: 'delta', id: 'a2', data: { content: 'Yes' }, at: 4000 },
    ]);
    s = reduceThread(s, {
      type: 'final',
      id: 'a2',
      status: 'complete',
      message: msg('a2', { content: 'Yes.' }),
      at: 5000,
    });
    expect(s.live.a2).toBeUndefined();
    expect(s.messages.at(-1)).toMatchObject({ content: 'Yes.', status: 'complete' });
    expect(s.thinkingMs.a2).toBe(3000);
  });

  it('error and cancelled keep the partial text in the message', () => {
    const partial = reduceThreadEvents(streaming(), [delta('a2', 'Here is a')]);
    const failed = reduceThread(partial, {
      type: 'final',
      id: 'a2',
      status: 'error',
      error: { code: 'ollama_dropped', message: 'Gone.', hint: { text: 'Retry.', action: 'retry' } },
      at: 2,
    });
    expect(failed.messages.at(-1)).toMatchObject({ status: 'error', content: 'Here is a' });
    expect(failed.messages.at(-1)?.error?.hint?.action).toBe('retry');
    const stopped = reduceThread(partial, { type: 'final', id: 'a2', status: 'cancelled', at: 2 });
    expect(stopped.messages.at(-1)).toMatchObject({ status: 'cancelled', content: 'Here is a' });
  });

  it('ignores duplicate and late frames of an ended answer', () => {
    const done = reduceThreadEvents(streaming(), [
      delta('a2', 'abc'),
      { type: 'final', id: 'a2', status: 'complete', message: msg('a2', { content: 'abc' }), at: 3 },
    ]);
    expect(reduceThread(done, { type: 'final', id: 'a2', status: 'error', at: 4 })).toBe(done);
    expect(reduceThread(done, delta('a2', 'zzz'))).toBe(done);
    expect(reduceThread(done, snapshot('a2', 'abc'))).toBe(done);
  });

  it('ignores a delta that arrives before any snapshot (out of order); the snapshot then sets the text', () => {
    const s = loaded([u1, msg('a2', { status: 'queued' })]);
    expect(reduceThread(s, delta('a2', 'early'))).toBe(s);
    const after = reduceThreadEvents(s, [delta('a2', 'early'), snapshot('a2', 'early'), delta('a2', ' late')]);
    expect(after.live.a2?.content).toBe('early late');
  });

  it('a repeated snapshot is harmless', () => {
    const s = reduceThreadEvents(streaming(), [snapshot('a2', 'abc'), snapshot('a2', 'abc')]);
    expect(s.live.a2?.content).toBe('abc');
  });

  it('stream-lost forgets the live text', () => {
    const s = reduceThreadEvents(streaming(), [delta('a2', 'abc'), { type: 'stream-lost', id: 'a2' }]);
    expect(s.live.a2).toBeUndefined();
  });

  it('chat-updated replaces the chat', () => {
    const s = reduceThread(loaded([]), { type: 'chat-updated', chat: { ...chat, title: 'New' } });
    expect(s.chat?.title).toBe('New');
  });

  it('is pure: the previous state is never changed', () => {
    const before = streaming();
    const copy = structuredClone(before);
    reduceThreadEvents(before, [delta('a2', 'x'), { type: 'final', id: 'a2', status: 'cancelled', at: 1 }]);
    expect(before).toEqual(copy);
  });
});
