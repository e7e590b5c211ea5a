import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatList, MessagesResponse } from '../../src/shared/api';
import type { CreateChatResponse } from '../../src/shared/new-chat-api';
import { assemble, type Harness, startHarness } from './harness';

describe('POST /api/chats with a first message', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates the chat, stores the question and starts the answer in one request', async () => {
    const res = await h.api('/api/chats', {
      method: 'POST',
      json: { model: 'llama3.2', firstMessage: { content: 'Why is the sky blue?' } },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as CreateChatResponse;
    const sent = created.sent;
    if (!sent) throw new Error('no sent exchange in the answer');
    expect(created.title).toBe('Why is the sky blue?');
    expect(created.currentLeafId).toBe(sent.assistantMessage.id);
    expect(sent.userMessage).toMatchObject({ role: 'user', content: 'Why is the sky blue?', status: 'complete' });
    expect(sent.userMessage.parentId).toBeNull();
    expect(sent.assistantMessage.parentId).toBe(sent.userMessage.id);
    expect(sent.generationId).toBe(sent.assistantMessage.id);

    const events = await h.events(sent.generationId);
    expect(events[0]?.event).toBe('snapshot');
    expect(events.at(-1)?.event).toBe('done');
    expect(assemble(events).content).toContain('Why is the sky blue?');

    const branch = await h.json<MessagesResponse>(`/api/chats/${created.id}/messages`);
    expect(branch.messages.map((m) => m.id)).toEqual([sent.userMessage.id, sent.assistantMessage.id]);
    expect(branch.messages[1]?.status).toBe('complete');
  });

  it('without a first message answers the plain chat, as before', async () => {
    const res = await h.api('/api/chats', { method: 'POST', json: { model: 'llama3.2' } });
    expect(res.status).toBe(201);
    const chat = (await res.json()) as CreateChatResponse;
    expect(chat.sent).toBeUndefined();
    expect(chat.currentLeafId).toBeNull();
    expect(h.fake.requests.filter((r) => r.path === '/api/chat')).toHaveLength(0);
  });

  it('a refused first message creates nothing and says why', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const before = await h.json<ChatList>('/api/chats');
    const res = await h.api('/api/chats', {
      method: 'POST',
      json: {
        model: 'llama3.2',
        firstMessage: { content: 'what is this?', attachments: [{ name: 'dot.png', mime: 'image/png', data: png }] },
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/image|vision|see/i);
    const after = await h.json<ChatList>('/api/chats');
    expect(after.chats.map((c) => c.id)).toEqual(before.chats.map((c) => c.id));
  });

  it('validates the first message like a send', async () => {
    const empty = await h.api('/api/chats', {
      method: 'POST',
      json: { model: 'llama3.2', firstMessage: { content: '  ' } },
    });
    expect(empty.status).toBe(400);
    const extra = await h.api('/api/chats', {
      method: 'POST',
      json: { model: 'llama3.2', firstMessage: { content: 'hi', parentId: null } },
    });
    expect(extra.status).toBe(400);
    expect((await h.json<ChatList>('/api/chats')).chats).toHaveLength(0);
  });
});
