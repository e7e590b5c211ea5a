/**
 * Event streams are written straight to Node's response (issue 12): they must still carry the
 * middleware's headers, answer at once when there is nothing to send yet, and end with one final
 * event, also for a client that leaves early.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outgoingOf } from '../../src/backend/http/node-env';
import { type SseEvent, sendEvents } from '../../src/backend/http/sse';
import { createLogger } from '../../src/utils/logger';
import { type Harness, startHarness, waitFor } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('event stream responses', () => {
  it('carry the SSE and security headers, the snapshot first and exactly one final event', async () => {
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'hello');
    const res = await fetch(`${h.url}/api/generations/${sent.generationId}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    expect(res.headers.get('x-hono-already-sent')).toBeNull();
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('snapshot');
    expect(events.filter((e) => e === 'done' || e === 'error' || e === 'cancelled')).toEqual(['done']);
    expect(events.at(-1)).toBe('done');
  });

  it('answers with its head at once when nothing is to be sent yet (the app events)', async () => {
    const controller = new AbortController();
    const res = await fetch(`${h.url}/api/events`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    controller.abort();
  });

  it('stops following a generation whose client left', async () => {
    const chat = await h.createChat('slow');
    const sent = await h.send(chat.id, 'a long answer please');
    const controller = new AbortController();
    const res = await fetch(`${h.url}/api/generations/${sent.generationId}/events`, { signal: controller.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    const running = async () =>
      (await h.json<{ generations: { id: string }[] }>('/api/generations')).generations.some(
        (g) => g.id === sent.generationId,
      );
    expect(await running()).toBe(true);
    controller.abort();
    // The answer goes on without its subscriber (DESIGN §4.3) and ends on its own.
    await waitFor(async () => !(await running()), 20_000);
    const stored = await h.json<{ status: string }>(`/api/messages/${sent.generationId}`);
    expect(stored.status).toBe('complete');
  });

  it('hands each event to the socket as it is written, not after the promise callbacks queued behind it', async () => {
    // What a fast model's first token meets: the rest of the answer (and its storing) is processed in
    // promise callbacks right after it. Left to Node, a lone write waits in the corked socket until those
    // have all run; the producer below looks at the socket when it is resumed after its first event.
    const pendingAfterFirst: number[] = [];
    const res = await eventsFrom((c) => {
      const socket = outgoingOf(c)?.socket;
      return async function* () {
        yield { type: 'delta', data: { content: 'first' } };
        pendingAfterFirst.push(socket?.writableLength ?? -1);
        yield { type: 'done', data: {} };
      };
    });
    expect(res.contentType).toBe('text/event-stream');
    expect(res.text).toContain('event: delta');
    expect(pendingAfterFirst).toEqual([0]);
  });

  it('answers as an event stream also when its producer fails at once', async () => {
    const res = await eventsFrom(() => () => {
      throw new Error('no events today');
    });
    expect(res.contentType).toBe('text/event-stream');
    expect(res.text).toMatch(/^event: error$/m);
  });
});

/**
 * One event stream from a Hono app of its own, served by @hono/node-server like the app. Its middleware
 * only passes through, as the app's do: the handler then runs while Node's request event is being
 * handled, before Hono has taken its response.
 */
async function eventsFrom(
  producer: (c: Context) => (signal: AbortSignal) => AsyncIterable<SseEvent>,
): Promise<{ contentType: string | null; text: string }> {
  const app = new Hono();
  app.use('*', async (_c, next) => {
    await next();
  });
  app.get('/events', (c) => sendEvents(c, createLogger('silent'), producer(c)));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/events`);
    return { contentType: res.headers.get('content-type'), text: await res.text() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
