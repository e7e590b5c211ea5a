import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, MessagesResponse, SendMessageResponse } from '../../src/shared/api';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama';
import { waitFor } from './harness';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs the real entry point (src/server.ts) as a child process and resolves with its URL. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', FLUSH_INTERVAL_MS: '100', GUI_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it listened: ${err}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

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
