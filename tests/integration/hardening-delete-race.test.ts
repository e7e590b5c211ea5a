/** Deleting a chat while its answer streams is an expected race: no error-level log (issue #8). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { BackendService } from '../../src/backend/service';
import type { Chat, SendMessageResponse } from '../../src/shared/api';
import { loadConfig } from '../../src/utils/config';
import { startFakeOllama } from '../fakes/fake-ollama';
import { waitFor } from './harness';

it('logs nothing at level ≥ 50 when a chat is deleted mid-generation', async () => {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const fake = await startFakeOllama({ tokenDelayMs: 20 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-race-'));
  const config = loadConfig({ PORT: '0', OLLAMA_HOST: fake.url, DATA_DIR: dataDir, FLUSH_INTERVAL_MS: '20' });
  const service = new BackendService({ config, logger: pino({ level: 'debug' }, sink) });
  await service.start();
  const post = async <T>(p: string, body: unknown) => {
    const res = await fetch(service.url + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  try {
    for (let round = 0; round < 6; round++) {
      const chat = await post<Chat>('/api/chats', { model: 'slow' });
      const sent = await post<SendMessageResponse>(`/api/chats/${chat.id}/messages`, { content: 'go' });
      await waitFor(async () => {
        const res = await fetch(`${service.url}/api/messages/${sent.generationId}`);
        const m = (await res.json()) as { content?: string };
        return (m.content ?? '').length > 0 || undefined;
      });
      const del = await fetch(`${service.url}/api/chats/${chat.id}`, { method: 'DELETE' });
      expect(del.status).toBe(204);
    }
    await waitFor(async () => {
      const res = await fetch(`${service.url}/api/generations`);
      return ((await res.json()) as { generations: unknown[] }).generations.length === 0 || undefined;
    });
  } finally {
    await service.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const errors = lines.filter((l) => l.level >= 50);
  expect(errors, JSON.stringify(errors)).toEqual([]);
});
