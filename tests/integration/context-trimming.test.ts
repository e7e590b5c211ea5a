import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/shared/api';
import { type Harness, startHarness } from './harness';

describe('context trimming', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('drops the oldest turns to fit num_ctx, keeps the latest, and says so on the answer', async () => {
    const chat = await h.createChat('llama3.2');
    await h.json(`/api/chats/${chat.id}`, {
      method: 'PATCH',
      json: { systemPrompt: 'Stay short.', options: { num_ctx: 512 } },
    });
    const first = await h.send(chat.id, `long opening ${'x'.repeat(2400)}`);
    const firstDone = await h.events(first.generationId);
    expect(firstDone.at(-1)?.data.metrics.droppedMessages).toBeUndefined();

    const second = await h.send(chat.id, 'and now a short question');
    const events = await h.events(second.generationId);
    const answer = events.at(-1)?.data.message as Message;
    expect(answer.metrics?.droppedMessages).toBeGreaterThan(0);

    const sent = h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
      messages: { role: string; content: string }[];
    };
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Stay short.' });
    expect(sent.messages.at(-1)?.content).toBe('and now a short question');
    expect(sent.messages.some((m) => m.content.startsWith('long opening'))).toBe(false);

    const stored = await h.json<Message>(`/api/messages/${second.generationId}`);
    expect(stored.metrics?.droppedMessages).toBe(answer.metrics?.droppedMessages);
  });
});
