import { afterEach, describe, expect, it } from 'vitest';
import type { Chat, MessagesResponse } from '../../src/shared/api';
import { type Harness, startHarness } from './harness';

const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const image = { name: 'dot.png', mime: 'image/png', data: png };

describe('concurrent requests', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('chains two messages sent at the same moment to one chat instead of forking the branch', async () => {
    // TTL 0: every send refreshes the model list, which widens the window a race would need.
    h = await startHarness({ MODEL_CACHE_TTL_MS: '0' });
    const chat = await h.createChat('llava');
    const [a, b] = await Promise.all([h.send(chat.id, 'first', { attachments: [image] }), h.send(chat.id, 'second')]);
    expect(b.userMessage.parentId).toBe(a.assistantMessage.id);
    await h.events(b.generationId);
    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(branch.messages.map((m) => m.content.slice(0, 6))).toEqual([
      'first',
      expect.any(String),
      'second',
      expect.any(String),
    ]);
  });

  it('never lets concurrent sends overshoot the queue limit', async () => {
    h = await startHarness({ MAX_CONCURRENT_GENERATIONS: '1', MAX_QUEUED_GENERATIONS: '2' }, { tokenDelayMs: 100 });
    const chats = await Promise.all(Array.from({ length: 8 }, () => h.createChat('llava')));
    const responses = await Promise.all(
      chats.map((c) =>
        h.api(`/api/chats/${c.id}/messages`, { method: 'POST', json: { content: 'look', attachments: [image] } }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(3); // 1 running + 2 waiting
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    for (const r of responses) await r.body?.cancel();
    const gens = await h.json<{ generations: unknown[] }>('/api/generations');
    expect(gens.generations).toHaveLength(3);
  });

  it('sends per-message options to Ollama, over the chat’s own', async () => {
    h = await startHarness();
    const chat = await h.createChat('llama3.2');
    await h.json(`/api/chats/${chat.id}`, { method: 'PATCH', json: { options: { temperature: 0.9, seed: 1 } } });
    const sent = await h.send(chat.id, 'hi', { options: { temperature: 0.123, num_ctx: 4096 } });
    await h.events(sent.generationId);
    const req = h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as { options?: object };
    expect(req.options).toEqual({ temperature: 0.123, seed: 1, num_ctx: 4096 });
  });

  it('leaves the chat untouched when a send is refused', async () => {
    h = await startHarness();
    const chat = await h.createChat('llama3.2');
    const res = await h.api(`/api/chats/${chat.id}/messages`, {
      method: 'POST',
      json: { content: 'rename me?', parentId: 'no-such-message', model: 'qwen3:8b' },
    });
    expect(res.status).toBe(400);
    const after = await h.json<Chat>(`/api/chats/${chat.id}`);
    expect(after.title).toBe(chat.title);
    expect(after.model).toBe('llama3.2');
  });

  it('answers events of a user message with a JSON 400, not a stream', async () => {
    h = await startHarness();
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'hi');
    const res = await h.api(`/api/generations/${sent.userMessage.id}/events`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_error');
  });
});
