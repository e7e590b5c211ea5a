/**
 * `messages.content_tokens` (migration 012) is the stored `estimateTextTokens(content)` that long-chat reads plan
 * with instead of the texts (issue 12). Every way a message's text is written keeps it so: null only while an
 * answer still streams, otherwise the estimate of the stored text. A write that changed a text and left its
 * estimate would make the context meter and the model's context wrong without a sound.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/backend/history-manager/database';
import type { Message } from '../../src/shared/api';
import { estimateTextTokens } from '../../src/shared/token-estimate';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

interface StoredRow {
  id: string;
  content: string;
  status: string;
  content_tokens: number | null;
}

function storedRows(): StoredRow[] {
  const db = new BetterSqlite3(path.join(h.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT id, content, status, content_tokens FROM messages ORDER BY seq').all() as StoredRow[];
  } finally {
    db.close();
  }
}

async function answered(chatId: string, question: string, model = 'llama3.2'): Promise<Message> {
  const sent = await h.send(chatId, question, { model });
  return (await h.events(sent.generationId)).at(-1)?.data.message as Message;
}

describe('the stored estimate of each message’s text', () => {
  it('is written with every text: sends, streamed answers, failures, edits, forks, imports', async () => {
    const chat = await h.createChat('llama3.2');
    const first = await answered(chat.id, 'Explain the cache, with code: `const x = 1;` and 日本語 too.');
    await answered(chat.id, 'and a table?', 'huge');
    await answered(chat.id, 'this one fails', 'error-midstream');
    await h.json(`/api/chats/${chat.id}/messages/${first.id}/edit`, { method: 'POST', json: { content: 'Teal, 42.' } });
    const { chat: fork } = await h.json<{ chat: { id: string } }>(`/api/chats/${chat.id}/fork`, {
      method: 'POST',
      json: { messageId: first.id },
    });
    const exported = await (await h.api(`/api/chats/${chat.id}/export?format=json`)).text();
    await h.api(`/api/chats/${chat.id}`, { method: 'DELETE' });
    const imported = await h.api('/api/import?name=chat.json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: exported,
    });
    expect(imported.status).toBe(200);
    await h.service.store.messages.append(fork.id, null, [
      { role: 'user', content: 'appended\nwith a second line', status: 'complete' },
    ]);

    const rows = storedRows();
    // The fork (2), the import of the deleted chat (7: three answers, one failed, and the edited one), the appended message.
    expect(rows).toHaveLength(10);
    const wrong = rows.filter((r) => r.content_tokens !== estimateTextTokens(r.content));
    expect(wrong).toEqual([]);
    // A text that is there has an estimate above zero: an empty one is what "no text" reads as.
    expect(rows.filter((r) => r.content.length > 0 && (r.content_tokens ?? 0) === 0)).toEqual([]);
  });

  it('is null while an answer streams and the estimate of its text once it is interrupted', async () => {
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'a slow one', { model: 'slow' });
    await h.events(sent.generationId, { until: (ev) => ev.filter((e) => e.event === 'delta').length >= 2 });
    // Let a flush store the partial text.
    await new Promise((r) => setTimeout(r, h.service.config.flushIntervalMs + 200));
    const streaming = storedRows().find((r) => r.id === sent.generationId);
    expect(streaming?.status).toBe('streaming');
    expect(streaming?.content.length).toBeGreaterThan(0);
    expect(streaming?.content_tokens).toBeNull();
    // What start-up recovery does to an answer a crash left streaming.
    await h.service.store.messages.markUnfinishedInterrupted();
    const interrupted = storedRows().find((r) => r.id === sent.generationId);
    expect(interrupted?.status).toBe('interrupted');
    expect(interrupted?.content_tokens).toBe(estimateTextTokens(interrupted?.content ?? ''));
    await h.api(`/api/generations/${sent.generationId}`, { method: 'DELETE' });
  });
});
