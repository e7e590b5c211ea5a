/**
 * Bodies and security headers over real HTTP (http/node-body.ts, http/security.ts): a sized body is read
 * from Node's request, a chunked one goes through Hono's body limit, and every response, whatever
 * built it, carries the security headers; in-process requests get the same.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '../../src/shared/api';
import { type Harness, startHarness } from './harness';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** `chunks` are sent one write each; without a content-length Node sends them chunked. */
function send(url: string, method: string, headers: Record<string, string>, chunks: string[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('request bodies and security headers over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ MAX_BODY_BYTES: String(64 * 1024) });
  });
  afterAll(async () => {
    await h.close();
  });

  it('reads a sized JSON body, a chunked one, and one that starts with a byte-order mark', async () => {
    const sized = JSON.stringify({ title: 'Sized' });
    const a = await send(`${h.url}/api/chats`, 'POST', { ...JSON_TYPE, 'content-length': String(sized.length) }, [
      sized,
    ]);
    expect(a.status).toBe(201);
    expect(JSON.parse(a.body).title).toBe('Sized');
    const b = await send(`${h.url}/api/chats`, 'POST', JSON_TYPE, ['{"title":', '"Chunked"}']);
    expect(b.status).toBe(201);
    expect(JSON.parse(b.body).title).toBe('Chunked');
    const bom = `\uFEFF${JSON.stringify({ title: 'Marked' })}`;
    const c = await send(
      `${h.url}/api/chats`,
      'POST',
      { ...JSON_TYPE, 'content-length': String(Buffer.byteLength(bom)) },
      [bom],
    );
    expect(c.status).toBe(201);
    expect(JSON.parse(c.body).title).toBe('Marked');
  });

  it('answers malformed JSON with 400 whether the body is sized or chunked', async () => {
    const sized = await send(`${h.url}/api/chats`, 'POST', { ...JSON_TYPE, 'content-length': '9' }, ['{"title":']);
    const chunked = await send(`${h.url}/api/chats`, 'POST', JSON_TYPE, ['{"title":']);
    for (const res of [sized, chunked]) {
      expect(res.status).toBe(400);
      expect(typeof JSON.parse(res.body).error.code).toBe('string');
    }
  });

  it('refuses an oversized body with 413 whether it is sized or chunked', async () => {
    const chat = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2' } });
    const big = JSON.stringify({ content: 'x'.repeat(80 * 1024) });
    const url = `${h.url}/api/chats/${chat.id}/messages`;
    const sized = await send(url, 'POST', { ...JSON_TYPE, 'content-length': String(big.length) }, [big]);
    const chunked = await send(url, 'POST', JSON_TYPE, [big.slice(0, 40_000), big.slice(40_000)]);
    for (const res of [sized, chunked]) {
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
    }
  });

  it('sends the security headers with JSON, errors, event streams and in-process responses', async () => {
    const chat = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2' } });
    const sent = await h.send(chat.id, 'Hello');
    const responses = [
      await send(`${h.url}/api/health`, 'GET', {}, []),
      await send(`${h.url}/api/nothing-here`, 'GET', {}, []),
      await send(`${h.url}/api/generations/${sent.generationId}/events`, 'GET', { accept: 'text/event-stream' }, []),
    ];
    for (const res of responses) {
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    }
    const inProcess = await h.service.app.request('/api/health', { headers: { host: 'localhost' } });
    expect(inProcess.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(inProcess.headers.get('x-frame-options')).toBe('DENY');
  });
});
