/**
 * Crash durability (issue #8): the real server process (src/server.ts under tsx) is killed with
 * SIGKILL at random moments of streaming, several rounds in a row on the same DATA_DIR. After each
 * restart no user message is lost, the stored partial answer is a prefix of what the client saw
 * and misses at most about one flush interval of it, and `PRAGMA integrity_check` says ok.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagesResponse, SendMessageResponse } from '../../src/shared/api';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama';
import { exited, postJson as post, startServerProcess } from '../support/server-process';
import { assemble, readEvents } from './harness';

const FLUSH_MS = 100;
const TOKEN_DELAY_MS = 25;
const ROUNDS = 5;
const SEED = 8_0808;

/** Reads the answer's SSE, recording when each piece of text arrived, until `stop` aborts it. */
async function follow(url: string, seen: { at: number; content: string }[], stop: AbortSignal): Promise<void> {
  try {
    await readEvents(url, {
      signal: stop,
      until: (events) => {
        seen.push({ at: Date.now(), content: assemble(events).content });
        return false;
      },
    });
  } catch {
    // The server was killed or we stopped reading: both end the stream.
  }
}

describe('crash durability under repeated kill -9', () => {
  let fake: FakeOllama;
  let dataDir: string;
  beforeAll(async () => {
    fake = await startFakeOllama({ tokenDelayMs: TOKEN_DELAY_MS });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-crash-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses no user message and at most one flush interval of an answer over ${ROUNDS} kills`, {
    timeout: 180_000,
  }, async () => {
    const env = { OLLAMA_HOST: fake.url, DATA_DIR: dataDir };
    // Random kill moments, reproducible: fast-check's generator with a fixed seed.
    const delays = fc.sample(fc.integer({ min: 0, max: 500 }), { seed: SEED, numRuns: ROUNDS });
    const sentSoFar: { chatId: string; userId: string; content: string }[] = [];
    for (const [round, delay] of delays.entries()) {
      const server = await startServerProcess({ FLUSH_INTERVAL_MS: String(FLUSH_MS), ...env });
      // Everything sent in earlier rounds is still there.
      for (const s of sentSoFar) {
        const res = await fetch(`${server.url}/api/chats/${s.chatId}/messages`);
        const body = (await res.json()) as MessagesResponse;
        const user = body.messages.find((m) => m.id === s.userId);
        expect(user?.content, `round ${round}: user message of ${s.chatId}`).toBe(s.content);
      }
      const chat = await post<{ id: string }>(`${server.url}/api/chats`, { model: 'slow' });
      const content = `round ${round}: do not lose me`;
      const sent = await post<SendMessageResponse>(`${server.url}/api/chats/${chat.id}/messages`, { content });
      sentSoFar.push({ chatId: chat.id, userId: sent.userMessage.id, content });
      const seen: { at: number; content: string }[] = [];
      const stop = new AbortController();
      const reading = follow(`${server.url}/api/generations/${sent.generationId}/events`, seen, stop.signal);
      // Wait for the first text, then a random moment of the stream.
      const until = Date.now() + 10_000;
      while (!seen.some((s) => s.content.length > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, delay));
      const killedAt = Date.now();
      server.child.kill('SIGKILL');
      await exited(server.child);
      stop.abort();
      await reading;

      const after = await startServerProcess({ FLUSH_INTERVAL_MS: String(FLUSH_MS), ...env });
      const res = await fetch(`${after.url}/api/chats/${chat.id}/messages`);
      const body = (await res.json()) as MessagesResponse;
      const user = body.messages.find((m) => m.id === sent.userMessage.id);
      expect(user?.content, `round ${round}`).toBe(content);
      const answer = body.messages.find((m) => m.id === sent.generationId);
      const sawAtKill = seen.at(-1)?.content ?? '';
      expect(
        sawAtKill.startsWith(answer?.content ?? '∅'),
        `round ${round}: stored text is a prefix of what was seen`,
      ).toBe(true);
      if (answer?.status !== 'complete') {
        expect(answer?.status, `round ${round}`).toBe('interrupted');
        // What the client had one flush interval (plus one token of scheduling slack) before the kill.
        const cutoff = killedAt - FLUSH_MS - TOKEN_DELAY_MS * 2;
        const mustHave = [...seen].reverse().find((s) => s.at <= cutoff)?.content ?? '';
        expect((answer?.content ?? '').length, `round ${round}: flushed text`).toBeGreaterThanOrEqual(mustHave.length);
      }
      after.child.kill('SIGKILL');
      await exited(after.child);
    }
    const db = new BetterSqlite3(path.join(dataDir, 'ollama-chat.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
