import { describe, expect, it } from 'vitest';
import { selectImageProgress, selectLive } from '../../src/gui/chat-window/thread/selectors';
import { initialThreadState, reduceThread, reduceThreadEvents } from '../../src/gui/chat-window/thread/thread-reducer';
import type { ThreadEvent, ThreadState } from '../../src/gui/chat-window/thread/thread-types';
import type { Chat, Message } from '../../src/shared/api';
import type { ImageProgress } from '../../src/shared/image-api';
import { makeChat, makeMessage } from '../support/thread-fixtures';

const chat: Chat = makeChat({ model: 'x/z-image-turbo:latest', generating: true });

function msg(id: string, patch: Partial<Message> = {}): Message {
  return makeMessage(id, { model: 'x/z-image-turbo:latest', ...patch });
}

const STARTED = '2026-01-01T00:00:01.000Z';
const step = (completed: number | null, image = 1, patch: Partial<ImageProgress> = {}): ImageProgress => ({
  completed,
  total: completed === null ? null : 8,
  image,
  count: 2,
  startedAt: STARTED,
  ...patch,
});
const progress = (data: ImageProgress, id = 'a1'): ThreadEvent => ({ type: 'progress', id, data });
const snapshot = (imageProgress?: ImageProgress, status: Message['status'] = 'streaming'): ThreadEvent => ({
  type: 'snapshot',
  id: 'a1',
  data: { messageId: 'a1', content: '', thinking: '', status, ...(imageProgress ? { imageProgress } : {}) },
  at: 0,
});

/** The image answer `a1` is queued and its stream has sent its first snapshot. */
function running(): ThreadState {
  const u1 = msg('u1', { role: 'user', content: 'a red fox' });
  const a1 = msg('a1', { parentId: 'u1', status: 'queued' });
  const state = reduceThread(initialThreadState('c1'), {
    type: 'loaded',
    leaf: null,
    response: { chat, messages: [u1, a1] },
  });
  return reduceThread(state, snapshot(undefined, 'queued'));
}

const shown = (s: ThreadState) => selectImageProgress('a1')(s);

describe('thread reducer: image progress', () => {
  it('no progress before the first step; each progress event is shown and the answer is streaming', () => {
    const first = running();
    expect(shown(first)).toBeNull();
    const second = reduceThreadEvents(first, [progress(step(1)), progress(step(2))]);
    expect(shown(second)).toEqual(step(2));
    expect(selectLive('a1')(second)?.status).toBe('streaming');
  });

  it('a repeated progress event changes nothing (the same state object)', () => {
    const state = reduceThread(running(), progress(step(3)));
    expect(reduceThread(state, progress(step(3)))).toBe(state);
  });

  it('an overtaken progress event never moves the bar back, within an image or across images', () => {
    const state = reduceThreadEvents(running(), [progress(step(5)), progress(step(2))]);
    expect(shown(state)).toEqual(step(5));
    const nextImage = reduceThreadEvents(state, [progress(step(1, 2)), progress(step(7, 1))]);
    expect(shown(nextImage)).toEqual(step(1, 2));
  });

  it('an indeterminate backend (no steps): the next image still advances, a repeat does not', () => {
    const state = reduceThread(running(), progress(step(null, 1)));
    expect(shown(state)).toEqual(step(null, 1));
    expect(reduceThread(state, progress(step(null, 1)))).toBe(state);
    expect(shown(reduceThread(state, progress(step(null, 2))))).toEqual(step(null, 2));
  });

  it('ignores progress for an answer whose stream no snapshot started (a late frame)', () => {
    const state = running();
    expect(reduceThread(state, progress(step(1), 'other'))).toBe(state);
  });

  it('a reconnect snapshot carries the progress so far and replaces what was shown', () => {
    const before = reduceThread(running(), progress(step(2)));
    const after = reduceThread(before, snapshot(step(6)));
    expect(shown(after)).toEqual(step(6));
    // A reload: a fresh thread learns the progress from the snapshot alone.
    const fresh = reduceThreadEvents(
      reduceThread(initialThreadState('c1'), {
        type: 'loaded',
        leaf: null,
        response: { chat, messages: [msg('a1', { status: 'streaming' })] },
      }),
      [snapshot(step(4, 2))],
    );
    expect(shown(fresh)).toEqual(step(4, 2));
  });

  it('a snapshot without progress (not started yet) shows none', () => {
    expect(shown(reduceThread(running(), snapshot(undefined)))).toBeNull();
  });

  it('the final event clears the progress, and a late progress frame does not bring it back', () => {
    const state = reduceThread(running(), progress(step(8, 2)));
    const done = msg('a1', { parentId: 'u1', status: 'complete' });
    const ended = reduceThread(state, { type: 'final', id: 'a1', status: 'complete', message: done, at: 2 });
    expect(shown(ended)).toBeNull();
    expect(reduceThread(ended, progress(step(8, 2)))).toBe(ended);
    const failed = reduceThread(state, { type: 'final', id: 'a1', status: 'error', error: null, at: 2 });
    expect(shown(failed)).toBeNull();
  });

  it('is pure: the previous state is never changed', () => {
    const state = reduceThread(running(), progress(step(1)));
    const copy = structuredClone(state);
    reduceThreadEvents(state, [progress(step(2)), snapshot(step(3))]);
    expect(state).toEqual(copy);
  });
});
