import { describe, expect, it } from 'vitest';
import {
  endingOf,
  finalEvent,
  finalEventOfStored,
  INTERRUPTED,
} from '../../src/backend/chat-manager/generation-outcome';
import { OllamaError } from '../../src/backend/errors';
import type { Message } from '../../src/shared/api';

const stored = (over: Partial<Message>): Message =>
  ({
    id: 'm1',
    chatId: 'c1',
    parentId: 'u1',
    role: 'assistant',
    content: 'partial',
    thinking: '',
    status: 'complete',
    error: null,
    model: 'llama3.2',
    modelDigest: null,
    options: {},
    metrics: null,
    attachments: [],
    siblingIds: ['m1'],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  }) as Message;

describe('generation outcome', () => {
  it('stores a finished run as complete with its metrics and digest, and sends done with the stored message', () => {
    const ending = endingOf({ kind: 'done', metrics: null, modelDigest: 'sha256:a' });
    expect(ending).toMatchObject({ status: 'complete', error: null, modelDigest: 'sha256:a' });
    const msg = stored({ status: 'complete' });
    expect(finalEvent(ending, msg)).toEqual({ type: 'done', data: { message: msg, metrics: null } });
  });

  it('maps a stop by the user to cancelled and a stop by shutdown to interrupted, started or not', () => {
    for (const end of [
      { kind: 'unstarted', stopReason: 'cancel' } as const,
      { kind: 'failed', error: new Error('aborted'), stopReason: 'cancel' } as const,
    ]) {
      const ending = endingOf(end);
      expect(ending).toMatchObject({ status: 'cancelled', error: null });
      expect(finalEvent(ending, null)).toEqual({ type: 'cancelled', data: {} });
    }
    const ending = endingOf({ kind: 'unstarted', stopReason: 'shutdown' });
    expect(ending).toMatchObject({ status: 'interrupted', error: INTERRUPTED });
    expect(finalEvent(ending, null)).toEqual({ type: 'error', data: INTERRUPTED });
  });

  it('keeps the code and message of an AppError, and hides an unexpected one behind internal', () => {
    const known = endingOf({
      kind: 'failed',
      error: new OllamaError('model_not_found', 'not installed'),
      stopReason: null,
    });
    expect(known).toMatchObject({ status: 'error', error: { code: 'model_not_found', message: 'not installed' } });
    expect(known.unexpected).toBe(false);
    const bug = endingOf({ kind: 'failed', error: new TypeError('x is undefined'), stopReason: null });
    expect(bug.error?.code).toBe('internal');
    expect(bug.error?.message).not.toContain('x is undefined');
    expect(bug.unexpected).toBe(true);
  });

  it('gives a stored answer the same final event a live one got', () => {
    expect(finalEventOfStored(stored({ status: 'cancelled' }))).toEqual({ type: 'cancelled', data: {} });
    const error = { code: 'ollama_dropped', message: 'dropped' };
    expect(finalEventOfStored(stored({ status: 'error', error }))).toEqual({ type: 'error', data: error });
    // An answer no run owns any more, left `streaming` by a crash: interrupted.
    expect(finalEventOfStored(stored({ status: 'streaming' }))).toEqual({ type: 'error', data: INTERRUPTED });
  });
});
