import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message, MessagesResponse } from '../../src/shared/api';
import { assemble, type Harness, startHarness, waitFor } from './harness';

type ChatBody = { model: string; messages: { role: string; content: string; images?: string[] }[]; stream?: boolean };
const chatRequests = (h: Harness) =>
  h.fake.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as ChatBody);

describe('sending a message and streaming the answer', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('stores the user message before answering 202 and streams snapshot, deltas, then done', async () => {
    const chat = await h.createChat('llama3.2');
    const res = await h.api(`/api/chats/${chat.id}/messages`, {
      method: 'POST',
      json: { content: 'Why is the sky blue?' },
    });
    expect(res.status).toBe(202);
    const sent = await res.json();
    expect(sent.userMessage.content).toBe('Why is the sky blue?');
    expect(sent.userMessage.status).toBe('complete');
    expect(['queued', 'streaming']).toContain(sent.assistantMessage.status);
    expect(sent.generationId).toBe(sent.assistantMessage.id);

    const events = await h.events(sent.generationId);
    expect(events[0]?.event).toBe('snapshot');
    expect(events.at(-1)?.event).toBe('done');
    const { content } = assemble(events);
    expect(content).toContain('Why is the sky blue?');
    const done = events.at(-1)?.data;
    expect(done.message.content).toBe(content);
    expect(done.message.status).toBe('complete');
    expect(done.metrics.evalCount).toBeGreaterThan(0);
    expect(done.metrics.tokensPerSecond).toBeGreaterThan(0);
    expect(done.metrics.ttftMs).toBeGreaterThanOrEqual(0);

    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(branch.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(branch.messages[1]?.content).toBe(content);
    expect(branch.messages[1]?.modelDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(branch.chat.title).toBe('Why is the sky blue?');
    expect(chatRequests(h)[0]?.stream).toBe(true);
  });

  it('sends the whole branch and the system prompt as context for a follow-up', async () => {
    const chat = await h.createChat('llama3.2');
    await h.json(`/api/chats/${chat.id}`, { method: 'PATCH', json: { systemPrompt: 'Be brief.' } });
    const first = await h.send(chat.id, 'first question');
    const firstDone = await h.events(first.generationId);
    const second = await h.send(chat.id, 'second question');
    await h.events(second.generationId);
    const req = chatRequests(h).at(-1);
    expect(req?.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(req?.messages[0]?.content).toBe('Be brief.');
    expect(req?.messages[2]?.content).toBe(firstDone.at(-1)?.data.message.content);
    expect(req?.messages[3]?.content).toBe('second question');
  });

  it('streams a thinking model’s reasoning separately from its answer', async () => {
    const chat = await h.createChat('qwen3:8b');
    const sent = await h.send(chat.id, 'What is 17 × 23?');
    const events = await h.events(sent.generationId);
    const { content, thinking } = assemble(events);
    expect(thinking.length).toBeGreaterThan(0);
    expect(content.length).toBeGreaterThan(0);
    expect(events.at(-1)?.data.message.thinking).toBe(thinking);
  });

  it('reassembles multibyte characters and lines split across TCP writes', async () => {
    const chat = await h.createChat('split-utf8');
    const sent = await h.send(chat.id, 'emoji please');
    const events = await h.events(sent.generationId);
    expect(events.at(-1)?.event).toBe('done');
    const { content } = assemble(events);
    expect(content).not.toContain('\uFFFD');
    expect(content).toMatch(/[\u{1F300}-\u{1FAFF}]|[\u4E00-\u9FFF]/u);
  });

  it('sends the image of a vision model message as plain base64', async () => {
    const chat = await h.createChat('llava');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    const sent = await h.send(chat.id, 'what is this?', {
      attachments: [{ name: 'a.png', mime: 'image/png', data: `data:image/png;base64,${png}` }],
    });
    expect(sent.userMessage.attachments).toHaveLength(1);
    const events = await h.events(sent.generationId);
    expect(events.at(-1)?.event).toBe('done');
    const req = chatRequests(h).at(-1);
    expect(req?.messages.at(-1)?.images).toEqual([png]);
  });
});

describe('ordering, concurrency and the queue', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('queues a message sent while an answer streams and answers it next, with that answer in context', async () => {
    h = await startHarness({}, { tokenDelayMs: 20 });
    const chat = await h.createChat('slow');
    const first = await h.send(chat.id, 'one');
    const second = await h.send(chat.id, 'two');
    expect(second.assistantMessage.status).toBe('queued');
    expect(second.userMessage.parentId).toBe(first.assistantMessage.id);
    const [a, b] = await Promise.all([h.events(first.generationId), h.events(second.generationId)]);
    expect(a.at(-1)?.event).toBe('done');
    expect(b.at(-1)?.event).toBe('done');
    const firstAnswer = a.at(-1)?.data.message as Message;
    const secondAnswer = b.at(-1)?.data.message as Message;
    expect(secondAnswer.createdAt >= firstAnswer.createdAt).toBe(true);
    const req = chatRequests(h).at(-1);
    expect(req?.messages.map((m) => m.content)).toEqual(['one', firstAnswer.content, 'two']);
    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(branch.messages.map((m) => m.content)).toEqual(['one', firstAnswer.content, 'two', secondAnswer.content]);
  });

  it('runs chats in parallel up to the limit and refuses one more than the queue holds', async () => {
    h = await startHarness({ MAX_CONCURRENT_GENERATIONS: '2', MAX_QUEUED_GENERATIONS: '2' }, { tokenDelayMs: 50 });
    const chats = await Promise.all([1, 2, 3, 4, 5].map(() => h.createChat('slow')));
    const accepted = [];
    for (const c of chats.slice(0, 4)) accepted.push(await h.send(c.id, 'hi'));
    const gens = await h.json<{ generations: { status: string }[] }>('/api/generations');
    expect(gens.generations.filter((g) => g.status === 'streaming')).toHaveLength(2);
    expect(gens.generations.filter((g) => g.status === 'queued')).toHaveLength(2);

    const refused = await h.api(`/api/chats/${chats[4]?.id}/messages`, {
      method: 'POST',
      json: { content: 'one too many' },
    });
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.error.code).toBe('queue_full');
    const untouched = await h.json<MessagesResponse>(`/api/chats/${chats[4]?.id}/messages`);
    expect(untouched.messages).toHaveLength(0);

    const results = await Promise.all(accepted.map((s) => h.events(s.generationId)));
    expect(results.map((r) => r.at(-1)?.event)).toEqual(['done', 'done', 'done', 'done']);
  });
});

describe('background generation, reconnects and cancel', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({}, { tokenDelayMs: 30 });
  });
  afterEach(async () => {
    await h.close();
  });

  it('keeps generating when the client disconnects, and a reconnect gets a snapshot then deltas', async () => {
    const chat = await h.createChat('slow');
    const sent = await h.send(chat.id, 'tell me a story');
    const early = await h.events(sent.generationId, { until: (evs) => evs.some((e) => e.event === 'delta') });
    expect(early.at(-1)?.event).toBe('delta');
    // With no client attached, the server keeps receiving and storing the answer.
    await waitFor(async () => {
      const stored = await h.json<Message>(`/api/messages/${sent.generationId}`);
      return stored.content.length > assemble(early).content.length;
    });
    const again = await h.events(sent.generationId);
    expect(again[0]?.event).toBe('snapshot');
    expect(again[0]?.data.content.length).toBeGreaterThan(assemble(early).content.length);
    expect(again.slice(1).some((e) => e.event === 'delta')).toBe(true);
    expect(again.at(-1)?.event).toBe('done');
    expect(assemble(again).content).toBe(again.at(-1)?.data.message.content);
  });

  it('lets two subscribers see the same stream', async () => {
    const chat = await h.createChat('slow');
    const sent = await h.send(chat.id, 'hello');
    const [a, b] = await Promise.all([h.events(sent.generationId), h.events(sent.generationId)]);
    expect(assemble(a).content).toBe(assemble(b).content);
    expect(assemble(a).content.length).toBeGreaterThan(0);
  });

  it('sends a finished generation as snapshot plus its final event', async () => {
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'hello');
    const live = await h.events(sent.generationId);
    const replay = await h.events(sent.generationId);
    expect(replay.map((e) => e.event)).toEqual(['snapshot', 'done']);
    expect(replay[0]?.data.content).toBe(assemble(live).content);
  });

  it('cancel aborts the Ollama request and keeps the partial answer', async () => {
    const chat = await h.createChat('slow');
    const sent = await h.send(chat.id, 'long please');
    const stream = h.events(sent.generationId);
    // Cancel once part of the answer exists: a second subscriber has seen a delta.
    await h.events(sent.generationId, { until: (evs) => evs.some((e) => e.event === 'delta') });
    const res = await h.api(`/api/generations/${sent.generationId}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    const events = await stream;
    expect(events.at(-1)?.event).toBe('cancelled');
    const msg = await h.json<Message>(`/api/messages/${sent.generationId}`);
    expect(msg.status).toBe('cancelled');
    expect(msg.content.length).toBeGreaterThan(0);
    expect(msg.content).toBe(assemble(events).content);
    // Ollama saw its client go away, so nothing can arrive (and be stored) after the cancel.
    const generation = h.fake.generations.at(-1);
    await waitFor(() => generation?.endedBy === 'client-abort');
    expect((await h.json<Message>(`/api/messages/${sent.generationId}`)).content).toBe(msg.content);
  });

  it('cancels a queued message before it starts', async () => {
    const chat = await h.createChat('slow');
    const first = await h.send(chat.id, 'one');
    const second = await h.send(chat.id, 'two');
    await h.api(`/api/generations/${second.generationId}/cancel`, { method: 'POST' });
    const events = await h.events(second.generationId);
    expect(events.map((e) => e.event)).toEqual(['snapshot', 'cancelled']);
    await h.events(first.generationId);
    expect(chatRequests(h)).toHaveLength(1);
  });

  it('regenerates an answer as a sibling branch and keeps the old one', async () => {
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'hello');
    await h.events(sent.generationId);
    const regen = await h.json<{ generationId: string; assistantMessage: Message }>(
      `/api/messages/${sent.assistantMessage.id}/regenerate`,
      { method: 'POST' },
    );
    expect(regen.assistantMessage.parentId).toBe(sent.userMessage.id);
    await h.events(regen.generationId);
    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(branch.messages.at(-1)?.id).toBe(regen.assistantMessage.id);
    expect(branch.messages.at(-1)?.siblingIds).toEqual([sent.assistantMessage.id, regen.assistantMessage.id]);
    const old = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages?leaf=${sent.assistantMessage.id}`);
    expect(old.messages.at(-1)?.id).toBe(sent.assistantMessage.id);
  });
});

describe('persistence without per-token writes', () => {
  it('stores a 20,000-token answer with at most 50 SQLite writes', async () => {
    const h = await startHarness({ FLUSH_INTERVAL_MS: '500' });
    try {
      const chat = await h.createChat('huge');
      const before = h.service.store.writeCount;
      const sent = await h.send(chat.id, 'write a long document');
      const events = await h.events(sent.generationId);
      expect(events.at(-1)?.event).toBe('done');
      const writes = h.service.store.writeCount - before;
      expect(events.at(-1)?.data.metrics.evalCount).toBeGreaterThanOrEqual(20_000);
      expect(writes).toBeLessThanOrEqual(50);
      // Coalesced: far fewer SSE events than tokens.
      expect(events.length).toBeLessThan(2_000);
      expect(assemble(events).content).toBe(events.at(-1)?.data.message.content);
    } finally {
      await h.close();
    }
  });
});
