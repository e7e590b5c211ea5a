/**
 * The context of an answer in a long chat (issue 12): the runner plans from the cheap costs of the whole path and
 * reads in full only the messages holding the turns it keeps. What reaches Ollama must be exactly the plan over the
 * whole path, read in full, whether it keeps a few of the newest turns or every one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/backend/chat-manager/context-builder';
import type { Chat, Message, MessagesResponse } from '../../src/shared/api';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/**
 * A chat that starts with a real answer (measured by the fake: the plan calibrates its estimates with that count),
 * then `n` stored messages, a failed empty answer among them.
 */
async function longChat(n: number, numCtx: number): Promise<Chat> {
  const chat = await h.createChat('llama3.2');
  await h.json(`/api/chats/${chat.id}`, {
    method: 'PATCH',
    json: { systemPrompt: 'Be brief.', options: { num_ctx: numCtx } },
  });
  const first = await h.send(chat.id, 'a first question, answered and measured');
  const measured = (await h.events(first.generationId)).at(-1)?.data.message as Message;
  expect(measured.metrics?.promptEvalCount).toBeGreaterThan(0);
  await h.service.store.messages.append(
    chat.id,
    measured.id,
    Array.from({ length: n }, (_, i) =>
      i === n - 7
        ? { role: 'assistant' as const, content: '', status: 'error' as const, model: 'llama3.2' }
        : {
            role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
            content: `turn ${i}: ${'words and more words '.repeat(1 + (i % 5))}`,
            status: 'complete' as const,
          },
    ),
  );
  return chat;
}

/** What the answer to the last message was sent, and what the plan over the whole path says it should be. */
async function sentAndExpected(chat: Chat, numCtx: number) {
  h.fake.requests.length = 0;
  const sent = await h.send(chat.id, 'and the last question');
  const events = await h.events(sent.generationId);
  const answer = events.at(-1)?.data.message as Message;
  const branch = (await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`)).messages;
  const path = branch.slice(
    0,
    branch.findIndex((m) => m.id === answer.id),
  );
  const expected = await buildContext({
    path,
    systemPrompt: 'Be brief.',
    contextLength: numCtx,
    loadImage: async () => '',
  });
  const request = h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
    messages: { role: string; content: string }[];
  };
  return { request, expected, answer, pathLength: path.length };
}

describe('the context of an answer in a long chat', () => {
  it('keeps the turns that fit, read from the newest messages only: exactly the plan over the whole path', async () => {
    const chat = await longChat(450, 1024);
    const { request, expected, answer, pathLength } = await sentAndExpected(chat, 1024);
    expect(pathLength).toBe(453);
    expect(expected.droppedMessages).toBeGreaterThan(400);
    expect(request.messages).toEqual(expected.turns);
    expect(answer.metrics?.droppedMessages).toBe(expected.droppedMessages);
    // The first answer, measured with nothing left out, is far above the newest page: the page's summary carries
    // its count, so the GUI's meter calibrates with it as the plan here did.
    const branch = (await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`)).messages;
    const firstAnswer = branch[1] as Message;
    const page = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages?limit=50`);
    expect(page.older?.measured).toEqual([{ turn: 1, promptEvalCount: firstAnswer.metrics?.promptEvalCount }]);
  });

  it('reads the whole path in full when every turn fits', async () => {
    const chat = await longChat(450, 32_768);
    const { request, expected, answer } = await sentAndExpected(chat, 32_768);
    // Everything fits: every turn of the path is sent, from the root on.
    expect(expected.droppedMessages).toBe(0);
    expect(request.messages).toEqual(expected.turns);
    expect(request.messages[1]?.content).toBe('a first question, answered and measured');
    expect(request.messages).toHaveLength(1 + 452);
    expect(answer.metrics?.droppedMessages).toBeUndefined();
  });
});
