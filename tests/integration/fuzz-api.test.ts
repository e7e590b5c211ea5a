/**
 * Property-based API fuzzing (issue #8): arbitrary path segments, queries and bodies for every
 * route family → never a 5xx, always the one JSON error shape for 4xx, and the server stays
 * healthy. Fixed seed (printed by fast-check with the counterexample on failure).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness';

const SEED = 20_260_803;
const RUNS = 120;

let h: Harness;
let chatId = '';
let messageId = '';

beforeAll(async () => {
  h = await startHarness();
  const chat = await h.createChat('llama3.2');
  chatId = chat.id;
  const sent = await h.send(chat.id, 'hello');
  messageId = sent.generationId;
  await h.events(sent.generationId);
});
afterAll(async () => {
  await h.close();
});

/** Raw path segments, including malformed percent-encodings, dots and control-free junk. */
const segment = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('%', '%ff', '%25zz', '%ED%A0%80', '%00', '..', '.', '%2e%2e', 'a%2Fb', '%E0%A4%A', '%uD800'),
  fc.stringMatching(/^[A-Za-z0-9._~%-]{0,30}$/),
);

const query = fc
  .array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })), { maxLength: 4 })
  .map((pairs) =>
    pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '',
  );

const rawQuery = fc.constantFrom(
  '',
  '?limit=%',
  '?limit=-1',
  '?cursor=%ff',
  '?leaf=',
  '?refresh=2',
  '?q=%ED%A0%80',
  '?limit=1e999',
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', '{', '{"content":', 'null', '[]', '{"__proto__":{"x":1}}', '{"title":"\\ud800"}', '1e999'),
  fc
    .record(
      {
        content: fc.string({ maxLength: 30 }),
        title: fc.string({ maxLength: 30 }),
        model: fc.string({ maxLength: 30 }),
        options: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
        attachments: fc.array(
          fc.record({
            name: fc.string(),
            mime: fc.constantFrom('image/png', 'text/plain', ''),
            data: fc.string({ maxLength: 40 }),
          }),
          { maxLength: 2 },
        ),
        keepAlive: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
        name: fc.string({ maxLength: 30 }),
        models: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);

const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  undefined,
  'application/json; charset=utf-8',
  'multipart/form-data',
);

type Route = { method: string; path: (s: string) => string };
const routes: Route[] = [
  { method: 'GET', path: (s) => `/api/chats/${s}` },
  { method: 'PATCH', path: (s) => `/api/chats/${s}` },
  { method: 'DELETE', path: (s) => `/api/chats/${s}x` }, // never the seeded chat
  { method: 'GET', path: (s) => `/api/chats/${s}/messages` },
  { method: 'POST', path: (s) => `/api/chats/${s}/messages` },
  { method: 'POST', path: () => '/api/chats' },
  { method: 'GET', path: () => '/api/chats' },
  { method: 'GET', path: (s) => `/api/messages/${s}` },
  { method: 'POST', path: (s) => `/api/messages/${s}/regenerate` },
  { method: 'POST', path: (s) => `/api/messages/${s}/continue` },
  { method: 'POST', path: (s) => `/api/generations/${s}/cancel` },
  { method: 'GET', path: () => '/api/generations' },
  { method: 'GET', path: (s) => `/api/models/${s}` },
  { method: 'DELETE', path: (s) => `/api/models/zz-${s}` },
  { method: 'POST', path: (s) => `/api/models/${s}/load` },
  { method: 'POST', path: (s) => `/api/models/${s}/unload` },
  { method: 'GET', path: (s) => `/api/models/${s}/metrics` },
  { method: 'GET', path: (s) => `/api/models/${s}/versions` },
  { method: 'GET', path: (s) => `/api/models/${s}/usage` },
  { method: 'GET', path: (s) => `/api/models/${s}/preferences` },
  { method: 'PUT', path: (s) => `/api/models/${s}/preferences` },
  { method: 'GET', path: () => '/api/models' },
  { method: 'POST', path: () => '/api/models/pull' },
  { method: 'POST', path: () => '/api/models/updates/check' },
  { method: 'GET', path: () => '/api/metrics/models' },
  { method: 'POST', path: (s) => `/api/jobs/${s}/cancel` },
  { method: 'GET', path: () => '/api/settings' },
  { method: 'PUT', path: () => '/api/settings' },
  { method: 'GET', path: (s) => `/api/${s}` },
  { method: 'POST', path: (s) => `/api/${s}/${s}` },
];

async function expectSaneAnswer(method: string, url: string, body: string | undefined, type: string | undefined) {
  const headers: Record<string, string> = {};
  if (type) headers['content-type'] = type;
  const res = await fetch(h.url + url, { method, headers, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  if (res.status >= 500) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  if (res.status >= 400) {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string') {
      throw new Error(`${method} ${url} → ${res.status} without the error shape: ${text}`);
    }
  }
}

describe('API fuzzing: never a 5xx, always the error shape', () => {
  it('path segments and queries, every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), segment, fc.oneof(query, rawQuery), async (route, s, q) => {
        await expectSaneAnswer(
          route.method,
          route.path(s) + q,
          route.method === 'GET' ? undefined : '{}',
          'application/json',
        );
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('bodies and content types on routes that take a body', async () => {
    const withBody = routes.filter((r) => r.method !== 'GET');
    const known = fc.constantFrom(chatId, messageId, 'llama3.2', 'nope');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBody), known, jsonBody, contentType, async (route, s, body, type) => {
        await expectSaneAnswer(route.method, route.path(s), body, type);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('leaves the server healthy', async () => {
    const health = await fetch(`${h.url}/api/health`);
    expect(health.status).toBe(200);
    const chat = await h.json<{ id: string }>(`/api/chats/${chatId}`);
    expect(chat.id).toBe(chatId);
  });
});
