/**
 * Load (issue #8): 4 generations streaming, 100 queued, 50 SSE subscribers. Every stream ends with
 * exactly one final event, /api/health answers throughout, and the 105th send gets 429 and stores
 * nothing. Memory figures belong in bench/, not here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessagesResponse } from '../../src/shared/api';
import { type Harness, type SseEvent, startHarness, waitFor } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ MAX_CONCURRENT_GENERATIONS: '4', MAX_QUEUED_GENERATIONS: '100' }, { tokenDelayMs: 2 });
});
afterAll(async () => {
  await h.close();
});

const FINAL = ['done', 'error', 'cancelled'];

it('serves 50 subscribers, 4 generations and 100 queued; the 105th send gets 429', { timeout: 120_000 }, async () => {
  // The four running answers hang until cancelled, so the queue stays full while we look at it.
  const running = [];
  for (let i = 0; i < 4; i++) {
    const chat = await h.createChat('hang');
    running.push(await h.send(chat.id, `hang ${i}`));
  }
  const chats = await Promise.all(Array.from({ length: 101 }, () => h.createChat('slow')));
  const queued = [];
  for (const chat of chats.slice(0, 100)) queued.push(await h.send(chat.id, 'queued'));
  const gens = await h.json<{ generations: { status: string }[] }>('/api/generations');
  expect(gens.generations.filter((g) => g.status === 'streaming')).toHaveLength(4);
  expect(gens.generations.filter((g) => g.status === 'queued')).toHaveLength(100);

  const last = chats[100];
  if (!last) throw new Error('no 101st chat');
  const rejected = await h.api(`/api/chats/${last.id}/messages`, { method: 'POST', json: { content: 'one too many' } });
  expect(rejected.status).toBe(429);
  expect((await rejected.json()).error.code).toBe('queue_full');
  const lastMessages = await h.json<MessagesResponse>(`/api/chats/${last.id}/messages`);
  expect(lastMessages.messages).toHaveLength(0);

  // 50 subscribers: the 4 running answers and 46 queued ones.
  const subscribed = [...running, ...queued.slice(0, 46)];
  const streams: Promise<SseEvent[]>[] = subscribed.map((s) => h.events(s.generationId));
  const health = await h.api('/api/health');
  expect(health.status).toBe(200);

  for (const r of running) await h.api(`/api/generations/${r.generationId}/cancel`, { method: 'POST' });
  // Health stays responsive while the queue drains.
  let healthChecks = 0;
  await waitFor(async () => {
    const res = await h.api('/api/health');
    expect(res.status).toBe(200);
    healthChecks++;
    const list = await h.json<{ generations: unknown[] }>('/api/generations');
    return list.generations.length === 0 || undefined;
  }, 90_000);
  expect(healthChecks).toBeGreaterThan(0);

  const results = await Promise.all(streams);
  for (const [i, events] of results.entries()) {
    const finals = events.filter((e) => FINAL.includes(e.event));
    expect(finals, `stream ${i}`).toHaveLength(1);
    expect(events.at(-1)?.event, `stream ${i}`).toBe(i < 4 ? 'cancelled' : 'done');
  }
  for (const q of queued) {
    const m = await h.json<{ status: string }>(`/api/messages/${q.generationId}`);
    expect(m.status).toBe('complete');
  }
});
