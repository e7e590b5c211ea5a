import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, ChatList, ModelDetails, ModelList } from '../../src/shared/api';
import { type Harness, startHarness } from './harness';

/** Sends a raw request so the Host header can be forged (fetch forbids setting it). */
function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('HTTP API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ MAX_BODY_BYTES: String(2 * 1024 * 1024) });
  });
  afterAll(async () => {
    await h.close();
  });

  it('reports health with the Ollama version and host', async () => {
    const health = await h.json<{ ok: boolean; version: string; ollama: { reachable: boolean; version: string } }>(
      '/api/health',
    );
    expect(health).toMatchObject({ ok: true, ollama: { reachable: true, version: '0.33.0-rc2' } });
  });

  it('creates, lists (newest activity first), renames, pins and deletes chats', async () => {
    const a = await h.json<Chat>('/api/chats', { method: 'POST', json: { title: 'Alpha', model: 'llama3.2' } });
    const b = await h.json<Chat>('/api/chats', { method: 'POST', json: { title: 'Beta' } });
    expect(a.title).toBe('Alpha');
    expect(b.model).toBeNull();
    let list = await h.json<ChatList>('/api/chats');
    expect(list.chats.map((c) => c.id).slice(0, 2)).toEqual([b.id, a.id]);
    const renamed = await h.json<Chat>(`/api/chats/${a.id}`, {
      method: 'PATCH',
      json: { title: 'Alpha 2', pinned: true },
    });
    expect(renamed).toMatchObject({ title: 'Alpha 2', pinned: true });
    list = await h.json<ChatList>('/api/chats?q=alpha');
    expect(list.chats.map((c) => c.id)).toEqual([a.id]);
    const del = await h.api(`/api/chats/${a.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await h.api(`/api/chats/${a.id}`)).status).toBe(404);
  });

  it('paginates the chat list with a cursor', async () => {
    for (let i = 0; i < 5; i += 1) await h.json('/api/chats', { method: 'POST', json: { title: `page ${i}` } });
    const first = await h.json<ChatList>('/api/chats?limit=2');
    expect(first.chats).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await h.json<ChatList>(`/api/chats?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.chats).toHaveLength(2);
    expect(second.chats[0]?.id).not.toBe(first.chats[1]?.id);
  });

  it.each([
    ['malformed JSON', '/api/chats', 'POST', '{"title":', 400],
    ['wrong types', '/api/chats', 'POST', '{"title":42}', 400],
    ['unknown fields', '/api/chats', 'POST', '{"title":"x","evil":true}', 400],
    ['empty message', '/api/chats/CHAT/messages', 'POST', '{"content":"   "}', 400],
    ['bad option', '/api/chats/CHAT', 'PATCH', '{"options":{"temperature":"hot"}}', 400],
    ['bad limit', '/api/chats?limit=0', 'GET', undefined, 400],
    ['unknown chat', '/api/chats/nope', 'GET', undefined, 404],
    ['unknown chat messages', '/api/chats/nope/messages', 'POST', '{"content":"hi"}', 404],
    ['unknown message', '/api/messages/nope/regenerate', 'POST', undefined, 404],
    ['unknown generation', '/api/generations/nope/events', 'GET', undefined, 404],
    ['unknown cancel', '/api/generations/nope/cancel', 'POST', undefined, 404],
    ['unknown route', '/api/nothing-here', 'GET', undefined, 404],
  ])('answers %s with a JSON error and a code', async (_name, path, method, body, status) => {
    const chat = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2' } });
    const res = await h.api(path.replace('CHAT', chat.id), {
      method,
      body,
      headers: body ? { 'content-type': 'application/json' } : {},
    });
    expect(res.status).toBe(status);
    const json = await res.json();
    expect(typeof json.error.code).toBe('string');
    expect(typeof json.error.message).toBe('string');
    expect(json.error.message).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses oversized bodies with 413', async () => {
    const chat = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2' } });
    const res = await h.api(`/api/chats/${chat.id}/messages`, {
      method: 'POST',
      json: { content: 'x'.repeat(3 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('blocks DNS rebinding: a foreign Host header gets 403', async () => {
    const res = await rawRequest(`${h.url}/api/chats`, { headers: { host: 'evil.com' } });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('forbidden');
    const ok = await rawRequest(`${h.url}/api/health`, { headers: { host: `localhost:${h.service.port}` } });
    expect(ok.status).toBe(200);
  });

  it('blocks cross-origin state changes', async () => {
    const res = await h.api('/api/chats', { method: 'POST', json: {}, headers: { origin: 'http://evil.com' } });
    expect(res.status).toBe(403);
    const same = await h.api('/api/chats', { method: 'POST', json: {}, headers: { origin: h.url } });
    expect(same.status).toBe(201);
  });

  it('sends security headers with a strict CSP', async () => {
    const res = await h.api('/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lists models with capabilities and refuses nothing valid', async () => {
    const list = await h.json<ModelList>('/api/models');
    const byName = new Map(list.models.map((m) => [m.name, m]));
    expect(byName.get('llava:latest')?.capabilities).toContain('vision');
    expect(byName.get('qwen3:8b')?.capabilities).toContain('thinking');
    expect(byName.get('nomic-embed-text:latest')?.canChat).toBe(false);
    expect(byName.get('llama3.2:latest')).toMatchObject({
      parameterSize: '3.2B',
      quantization: 'Q4_K_M',
      family: 'llama',
    });
    const tagsCalls = h.fake.requests.filter((r) => r.path === '/api/tags').length;
    await h.json('/api/models');
    expect(h.fake.requests.filter((r) => r.path === '/api/tags').length).toBe(tagsCalls);
  });

  it('shows a model’s details, and 404 for a model that is not installed', async () => {
    const d = await h.json<ModelDetails>('/api/models/llama3.2');
    expect(d.name).toBe('llama3.2:latest');
    expect(d.template.length).toBeGreaterThan(0);
    expect(d.contextLength).toBeGreaterThan(0);
    const missing = await h.api('/api/models/nope-model');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('model_not_found');
  });

  it('stores and returns settings', async () => {
    const s = await h.json('/api/settings', { method: 'PUT', json: { defaultModel: 'qwen3:8b' } });
    expect(s).toMatchObject({ defaultModel: 'qwen3:8b' });
    expect(await h.json('/api/settings')).toMatchObject({ defaultModel: 'qwen3:8b' });
    const bad = await h.api('/api/settings', { method: 'PUT', json: { defaultModel: 5 } });
    expect(bad.status).toBe(400);
  });
});

describe('listening on every interface (needs AUTH_TOKEN)', () => {
  it('accepts any Host with the token, refuses without it, and still blocks cross-origin writes', async () => {
    const token = 'a-long-enough-secret-token';
    const h = await startHarness({ HOST: '0.0.0.0', AUTH_TOKEN: token });
    try {
      const url = `http://127.0.0.1:${h.service.port}`;
      const auth = { authorization: `Bearer ${token}` };
      const lan = await rawRequest(`${url}/api/health`, { headers: { host: `192.0.2.2:${h.service.port}`, ...auth } });
      expect(lan.status).toBe(200);
      const noToken = await rawRequest(`${url}/api/health`, { headers: { host: `192.0.2.2:${h.service.port}` } });
      expect(noToken.status).toBe(401);
      expect(JSON.parse(noToken.body).error.code).toBe('unauthorized');
      const crossOrigin = await rawRequest(`${url}/api/chats`, {
        method: 'POST',
        headers: {
          host: `192.0.2.2:${h.service.port}`,
          origin: 'http://evil.com',
          'content-type': 'application/json',
          ...auth,
        },
        body: '{}',
      });
      expect(crossOrigin.status).toBe(403);
    } finally {
      await h.close();
    }
  });
});
