/** A chat and messages as the server sends them, for the unit tests; a test overrides what it is about. */
import type { ThreadEffects } from '../../src/gui/chat-window/thread/thread-store';
import type { Chat, ErrorInfo, Message } from '../../src/shared/api';

export function makeChat(patch: Partial<Chat> = {}): Chat {
  return {
    id: 'c1',
    title: 'Chat',
    model: 'llama3.2:latest',
    systemPrompt: '',
    options: {},
    pinned: false,
    archived: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    currentLeafId: null,
    generating: false,
    ...patch,
  };
}

/** A complete assistant answer in chat c1 unless `patch` says otherwise. */
export function makeMessage(id: string, patch: Partial<Message> = {}): Message {
  return {
    id,
    chatId: 'c1',
    parentId: null,
    role: 'assistant',
    content: '',
    thinking: '',
    status: 'complete',
    error: null,
    model: 'llama3.2:latest',
    modelDigest: null,
    metrics: null,
    attachments: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    siblingIds: [id],
    ...patch,
  };
}

/** Thread effects that do nothing but keep the errors of refused actions in `failures`. */
export function recordingEffects(failures: ErrorInfo[]): ThreadEffects {
  return {
    chatsChanged: () => {},
    answerDone: () => {},
    answerFailed: () => {},
    answerStopped: () => {},
    actionFailed: (error) => failures.push(error),
    connectionTrouble: () => {},
  };
}
