/**
 * Regression tests of the hardening issue (#8): each attack that used to work, against a real server
 * on a loopback port with a real SQLite file and the fake Ollama.
 */
import { statSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Harness, readEvents, startHarness, waitFor } from './harness';

const mode = (file: string) => statSync(file).mode & 0o777;

/** fetch() does not let a caller choose the Host header; node:http does. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hardening: requests that broke the server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { tokenDelayMs: 30 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('rejects base64 with a long newline run and a bad character at once (was a 13 s event-loop freeze)', async () => {
    const chat = await h.createChat('llava');
    const data = `A${'\n'.repeat(100_000)}!`;
    const [res, health] = await Promise.all([
      h.api(`/api/chats/${chat.id}/messages`, {
        method: 'POST',
        json: { content: 'look', attachments: [{ name: 'x.png', mime: 'image/png', data }] },
      }),
      h.api('/api/health'),
    ]);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_error');
    expect(health.status).toBe(200);
  });

  it.each(['a%25zz', '%ff', '%', '%ED%A0%80', 'a%00b', '..%2f..%2fetc', '%E0%A4%A'])(
    'answers 4xx, never 500, for the model name %s',
    async (name) => {
      for (const [method, suffix] of [
        ['GET', ''],
        ['DELETE', ''],
        ['POST', '/load'],
        ['GET', '/metrics'],
        ['GET', '/versions'],
        ['GET', '/usage'],
      ] as const) {
        const res = await h.api(`/api/models/${name}${suffix}`, { method });
        expect(res.status, `${method} /api/models/${name}${suffix}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} /api/models/${name}${suffix}`).toBeLessThan(500);
        expect((await res.json()).error.code).toBeTypeOf('string');
      }
    },
  );

  it('answers 415 for a body that is not JSON, and changes nothing', async () => {
    const before = (await h.json<{ chats: unknown[] }>('/api/chats')).chats.length;
    const created = await h.api('/api/chats', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ title: 'plain' }),
    });
    expect(created.status).toBe(415);
    expect((await created.json()).error.code).toBe('unsupported_media_type');
    expect((await h.json<{ chats: unknown[] }>('/api/chats')).chats.length).toBe(before);

    const chat = await h.createChat();
    const patched = await h.api(`/api/chats/${chat.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ title: 'changed' }),
    });
    expect(patched.status).toBe(415);
    const settings = await h.api('/api/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'defaultSystemPrompt=x',
    });
    expect(settings.status).toBe(415);
    expect((await h.json<{ title: string }>(`/api/chats/${chat.id}`)).title).toBe(chat.title);
    // JSON with a charset parameter is still JSON; an empty bodyless POST still works.
    const ok = await h.api(`/api/chats/${chat.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ title: 'changed' }),
    });
    expect(ok.status).toBe(200);
  });

  it('validates settings.keepAlive as Ollama does', async () => {
    for (const bad of ['banana', '10 minutes', '5mfoo', 99_999_999_999, -5]) {
      const res = await h.api('/api/settings', { method: 'PUT', json: { keepAlive: bad } });
      expect(res.status, String(bad)).toBe(400);
    }
    for (const good of ['10m', '1h30m', -1, 300, null]) {
      const res = await h.api('/api/settings', { method: 'PUT', json: { keepAlive: good } });
      expect(res.status, String(good)).toBe(200);
    }
    const chatOpt = await h.api('/api/chats', { method: 'POST', json: { options: { keep_alive: '5mgarbage' } } });
    expect(chatOpt.status).toBe(400);
  });

  it('checks the Host port and the Origin scheme', async () => {
    const port = new URL(h.url).port;
    expect(await statusWithHost(`${h.url}/api/health`, `127.0.0.1:${Number(port) + 1}`)).toBe(403);
    expect(await statusWithHost(`${h.url}/api/health`, '127.0.0.1')).toBe(403);
    expect(await statusWithHost(`${h.url}/api/health`, `evil.example:${port}`)).toBe(403);
    expect(await statusWithHost(`${h.url}/api/health`, `localhost:${port}`)).toBe(200);
    const httpsOrigin = await h.api('/api/chats', {
      method: 'POST',
      json: {},
      headers: { origin: `https://127.0.0.1:${port}` },
    });
    expect(httpsOrigin.status).toBe(403);
    const sameOrigin = await h.api('/api/chats', { method: 'POST', json: {}, headers: { origin: h.url } });
    expect(sameOrigin.status).toBe(201);
  });

  it('keeps the data directory 0700 and the database, WAL, SHM and blobs 0600', async () => {
    const chat = await h.createChat('llava');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    await h.send(chat.id, 'an image', { attachments: [{ name: 'a.png', mime: 'image/png', data: png }] });
    expect(mode(h.dataDir)).toBe(0o700);
    for (const f of ['ollama-chat.sqlite', 'ollama-chat.sqlite-wal', 'ollama-chat.sqlite-shm']) {
      expect(mode(`${h.dataDir}/${f}`), f).toBe(0o600);
    }
    const { readdirSync } = await import('node:fs');
    const blobs = readdirSync(`${h.dataDir}/blobs`);
    expect(blobs.length).toBeGreaterThan(0);
    expect(mode(`${h.dataDir}/blobs`)).toBe(0o700);
    for (const b of blobs) expect(mode(`${h.dataDir}/blobs/${b}`)).toBe(0o600);
  });
});

describe('hardening: the access token', () => {
  const TOKEN = 'correct-horse-battery-staple';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ AUTH_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await h.close();
  });

  it('redirects after ?token= only to a same-origin path (was //evil.example/)', async () => {
    for (const [path, expected] of [
      ['//evil.example/', '/evil.example/'],
      ['/\\evil.example/', '/evil.example/'],
      ['/c/abc', '/c/abc'],
    ] as const) {
      const res = await fetch(`${h.url}${path}?token=${TOKEN}`, { redirect: 'manual' });
      expect(res.status, path).toBe(302);
      const location = res.headers.get('location') ?? '';
      expect(location, path).toBe(expected);
      expect(new URL(location, h.url).origin).toBe(new URL(h.url).origin);
    }
  });

  it('stores an expiring derived value in the cookie, never the token', async () => {
    const res = await fetch(`${h.url}/?token=${TOKEN}`, { redirect: 'manual' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).not.toContain(TOKEN);
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).toMatch(/HttpOnly/);
    const value = cookie.split(';')[0] ?? '';
    const ok = await fetch(`${h.url}/api/health`, { headers: { cookie: value } });
    expect(ok.status).toBe(200);
    const tampered = value.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect((await fetch(`${h.url}/api/health`, { headers: { cookie: tampered } })).status).toBe(401);
    // The raw token in the cookie (what older versions stored) is not accepted.
    const raw = await fetch(`${h.url}/api/health`, { headers: { cookie: `ollama_chat_token=${TOKEN}` } });
    expect(raw.status).toBe(401);
  });

  it('throttles wrong tokens per address with 429 and Retry-After (was 1,291 plain 401 per second)', async () => {
    // Its own server: the other tests here spend some of this address's allowance on purpose.
    const h = await startHarness({ AUTH_TOKEN: TOKEN });
    onTestFinished(() => h.close());
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`${h.url}/api/health`, { headers: { authorization: `Bearer guess-${i}` } });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // While locked out even the right token waits: otherwise guessing would go on at full speed.
    const right = await fetch(`${h.url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(429);
    const body = (await right.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
  });
});

describe('hardening: shutdown ends every live stream with a final event', () => {
  it('sends error {code: interrupted} to generation and app-event streams on stop', async () => {
    const h = await startHarness({}, { tokenDelayMs: 50 });
    try {
      const chat = await h.createChat('slow');
      const sent = await h.send(chat.id, 'a long answer please');
      const genEvents = h.events(sent.generationId);
      const appEvents = readEvents(`${h.url}/api/events`, { until: () => false });
      // Both subscriptions are registered once the first answer text arrives and the app stream answers.
      await waitFor(async () => {
        const m = await h.json<{ content: string }>(`/api/messages/${sent.generationId}`);
        return m.content.length > 0 || undefined;
      });
      await h.service.stop();
      const [gen, app] = await Promise.all([genEvents, appEvents]);
      const finals = (evs: { event: string }[]) => evs.filter((e) => ['done', 'error', 'cancelled'].includes(e.event));
      expect(finals(gen)).toHaveLength(1);
      expect(gen.at(-1)?.data.code).toBe('interrupted');
      expect(finals(app)).toHaveLength(1);
      expect(app.at(-1)?.event).toBe('error');
      expect(app.at(-1)?.data.code).toBe('interrupted');
    } finally {
      await h.close();
    }
  });
});
