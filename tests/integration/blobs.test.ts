/** Attachment bytes served back by content hash, checked on upload by their magic numbers, removed with the last reference. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagesResponse } from '../../src/shared/api';
import { blobUrl } from '../../src/shared/search-api';
import { type Harness, startHarness } from './harness';

let h: Harness;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('fake jpeg body')]);
const GIF = Buffer.from('GIF89a\u0001\u0000\u0001\u0000');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

async function upload(chatId: string, files: Array<{ name: string; mime: string; bytes: Buffer }>) {
  return h.api(`/api/chats/${chatId}/messages`, {
    method: 'POST',
    json: {
      content: 'look',
      attachments: files.map((f) => ({ name: f.name, mime: f.mime, data: f.bytes.toString('base64') })),
    },
  });
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('GET /api/blobs/:sha256', () => {
  it('serves stored bytes with their real type and safe, long-lived headers', async () => {
    const chat = await h.createChat('llava');
    const res = await upload(chat.id, [
      { name: 'dot.png', mime: 'image/png', bytes: PNG },
      { name: 'photo “1”.jpg', mime: 'image/jpeg', bytes: JPEG },
      { name: 'anim.gif', mime: 'image/gif', bytes: GIF },
      { name: 'pic.webp', mime: 'image/webp', bytes: WEBP },
    ]);
    expect(res.status).toBe(202);
    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    const attachments = branch.messages[0]?.attachments ?? [];
    expect(attachments).toHaveLength(4);
    const expected = new Map([
      ['dot.png', { type: 'image/png', bytes: PNG }],
      ['photo “1”.jpg', { type: 'image/jpeg', bytes: JPEG }],
      ['anim.gif', { type: 'image/gif', bytes: GIF }],
      ['pic.webp', { type: 'image/webp', bytes: WEBP }],
    ]);
    for (const a of attachments) {
      const want = expected.get(a.name);
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
      const blob = await h.api(blobUrl(a.sha256));
      expect(blob.status).toBe(200);
      expect(blob.headers.get('content-type')).toBe(want?.type);
      expect(blob.headers.get('x-content-type-options')).toBe('nosniff');
      expect(blob.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(blob.headers.get('content-disposition')).toMatch(/^inline; filename="[^"]+"/);
      expect(Buffer.from(await blob.arrayBuffer()).equals(want?.bytes ?? Buffer.alloc(0))).toBe(true);
    }
    const jpeg = attachments.find((a) => a.name.endsWith('.jpg'));
    const disposition = (await h.api(blobUrl(jpeg?.sha256 ?? ''))).headers.get('content-disposition');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('photo “1”.jpg')}`);
  });

  it('answers 400 for a malformed hash and 404 JSON for an unknown one', async () => {
    for (const bad of ['abc', 'g'.repeat(64), 'A'.repeat(64), `${'a'.repeat(64)}0`]) {
      const res = await h.api(`/api/blobs/${bad}`);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error.code).toBe('validation_error');
    }
    const unknown = await h.api(blobUrl('0'.repeat(64)));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/json/);
    expect((await unknown.json()).error.code).toBe('not_found');
  });

  it('refuses bytes that are not the image they claim to be with 415, storing nothing', async () => {
    const chat = await h.createChat('llava');
    const html = Buffer.from('<!doctype html><script>alert(1)</script>');
    const res = await upload(chat.id, [{ name: 'evil.png', mime: 'image/png', bytes: html }]);
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(branch.messages).toHaveLength(0);
  });

  it('stores a real image under a wrong label with its real type', async () => {
    const chat = await h.createChat('llava');
    expect((await upload(chat.id, [{ name: 'really.png', mime: 'image/png', bytes: JPEG }])).status).toBe(202);
    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(branch.messages[0]?.attachments[0]?.mime).toBe('image/jpeg');
  });

  it('deletes a blob when the last chat that references it is deleted', async () => {
    const unique = Buffer.concat([PNG, Buffer.from('blob-cleanup-test')]);
    const a = await h.createChat('llava');
    const b = await h.createChat('llava');
    expect((await upload(a.id, [{ name: 'x.png', mime: 'image/png', bytes: unique }])).status).toBe(202);
    expect((await upload(b.id, [{ name: 'y.png', mime: 'image/png', bytes: unique }])).status).toBe(202);
    const sha256 = (await h.json<MessagesResponse>(`/api/chats/${a.id}/messages`)).messages[0]?.attachments[0]
      ?.sha256 as string;
    const file = path.join(h.dataDir, 'blobs', sha256);
    expect(existsSync(file)).toBe(true);

    expect((await h.api(`/api/chats/${a.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(file)).toBe(true);
    expect((await h.api(blobUrl(sha256))).status).toBe(200);

    expect((await h.api(`/api/chats/${b.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(file)).toBe(false);
    expect((await h.api(blobUrl(sha256))).status).toBe(404);
  });
});
