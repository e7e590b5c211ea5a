import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, MessagesResponse, SendMessageResponse } from '../../src/shared/api';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama';
import { exited, postJson as post, startServerProcess as startServer } from '../support/server-process';
import { waitFor } from './harness';

describe('durability of the real server process', () => {
  let fake: FakeOllama;
  let dataDir: string;
  beforeAll(async () => {
    fake = await startFakeOllama({ tokenDelayMs: 40 });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-durable-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function sendAndWaitForPartial(url: string) {
    const chat = await post<{ id: string }>(`${url}/api/chats`, { model: 'slow' });
    const sent = await post<SendMessageResponse>(`${url}/api/chats/${chat.id}/messages`, { content: 'do not lose me' });
    // Wait until a partial answer has been flushed to SQLite.
    const partial = await waitFor(async () => {
      const m = (await (await fetch(`${url}/api/messages/${sent.generationId}`)).json()) as Message;
      return m.status === 'streaming' && m.content.length > 0 ? m : undefined;
    });
    return { chat, sent, partial };
  }

  it('keeps the user message and the partial answer after kill -9, marked interrupted', async () => {
    const env = { OLLAMA_HOST: fake.url, DATA_DIR: dataDir };
    const first = await startServer(env);
    const { chat, sent } = await sendAndWaitForPartial(first.url);
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await startServer(env);
    try {
      const branch = (await (await fetch(`${second.url}/api/chats/${chat.id}/messages`)).json()) as MessagesResponse;
      expect(branch.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(branch.messages[0]?.content).toBe('do not lose me');
      const answer = branch.messages[1] as Message;
      expect(answer.id).toBe(sent.assistantMessage.id);
      expect(answer.status).toBe('interrupted');
      expect(answer.error?.code).toBe('interrupted');
      expect(answer.content.length).toBeGreaterThan(0);
      // The GUI offers Regenerate: it works on the restarted server.
      const regen = await post<{ generationId: string }>(`${second.url}/api/messages/${answer.id}/regenerate`, {});
      expect(regen.generationId).toBeTruthy();
    } finally {
      second.child.kill('SIGKILL');
      await exited(second.child);
    }
  });

  it('shuts down cleanly on SIGINT: the in-flight answer is flushed and marked interrupted', async () => {
    const env = { OLLAMA_HOST: fake.url, DATA_DIR: dataDir };
    const first = await startServer(env);
    const { sent, partial } = await sendAndWaitForPartial(first.url);
    first.child.kill('SIGINT');
    expect(await exited(first.child)).toBe(0);

    const second = await startServer(env);
    try {
      const m = (await (await fetch(`${second.url}/api/messages/${sent.generationId}`)).json()) as Message;
      expect(m.status).toBe('interrupted');
      // The shutdown flush keeps everything received, so at least what was already stored.
      expect(m.content.startsWith(partial.content)).toBe(true);
    } finally {
      second.child.kill('SIGKILL');
      await exited(second.child);
    }
  });
});
