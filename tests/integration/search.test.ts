/**
 * Full-text search over a real server and SQLite file: ranking, branches, hostile query syntax,
 * prefixes, phrases, diacritics, highlights, filters, paging, titles, and that streaming answers
 * are indexed when they end rather than on every flush.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, MessagesResponse } from '../../src/shared/api';
import type { SearchResponse } from '../../src/shared/search-api';
import { type Harness, startHarness, waitFor } from './harness';

let h: Harness;

async function search(params: Record<string, string>): Promise<SearchResponse> {
  return h.json<SearchResponse>(`/api/search?${new URLSearchParams(params)}`);
}

/** Sends `content` and waits for the (echo) answer to be stored as complete. */
async function exchange(chatId: string, content: string, extra: Record<string, unknown> = {}) {
  const sent = await h.send(chatId, content, extra);
  await h.events(sent.generationId);
  return sent;
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('GET /api/search', () => {
  it('ranks the more relevant message first', async () => {
    const weak = await h.createChat();
    await exchange(
      weak.id,
      'a long note about gardening, weather, recipes, travel plans, and one wombat among many other topics today',
    );
    const strong = await h.createChat();
    const sent = await exchange(strong.id, 'wombat wombat wombat');
    const result = await search({ q: 'wombat' });
    expect(result.messages.length).toBe(4);
    expect(result.messages[0]?.chatId).toBe(strong.id);
    expect([sent.userMessage.id, sent.assistantMessage.id]).toContain(result.messages[0]?.messageId);
    expect(result.messages.at(-1)?.chatId).toBe(weak.id);
  });

  it('finds a message on a branch that is not current, and its leaf opens that branch', async () => {
    const chat = await h.createChat();
    const old = await exchange(chat.id, 'the capybara branch');
    await exchange(chat.id, 'a fresh start', { parentId: null });
    const current = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(current.messages.map((m) => m.id)).not.toContain(old.userMessage.id);

    const result = await search({ q: 'capybara' });
    const hit = result.messages.find((m) => m.messageId === old.userMessage.id);
    expect(hit).toMatchObject({ chatId: chat.id, role: 'user', chatTitle: current.chat.title });
    const opened = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages?leaf=${hit?.leaf}`);
    const ids = opened.messages.map((m) => m.id);
    expect(ids).toContain(old.userMessage.id);
    expect(ids).toContain(old.assistantMessage.id);
  });

  it('answers every odd query syntax with 200', async () => {
    const chat = await h.createChat();
    await exchange(chat.id, 'syntax torture: (parentheses) "quotes" star* minus-sign NEAR AND OR');
    const nasty = [
      '"',
      '""',
      '"unbalanced quote',
      'star*',
      '*',
      '**',
      '-',
      '-minus',
      'minus-sign',
      'NEAR(a b)',
      'NEAR',
      'AND',
      'OR OR OR',
      'a AND OR NOT b',
      '(',
      '(parentheses',
      ')))',
      'col:umn ^caret {braces} [brackets]',
      "'; DROP TABLE messages; --",
      '\u0000\u0002 control \u0003',
      '😀 emoji',
      'NOT torture',
    ];
    for (const q of nasty) {
      const res = await h.api(`/api/search?${new URLSearchParams({ q })}`);
      expect(res.status, `q=${JSON.stringify(q)}`).toBe(200);
      const body = (await res.json()) as SearchResponse;
      expect(Array.isArray(body.messages)).toBe(true);
    }
    // Syntax characters are searched as text where they mean something: these still find the message.
    expect((await search({ q: '(parentheses' })).messages.length).toBeGreaterThan(0);
    expect((await search({ q: 'minus-sign' })).messages.length).toBeGreaterThan(0);
    expect((await search({ q: 'torture -parentheses' })).messages).toHaveLength(0);
  });

  it('matches prefixes and phrases', async () => {
    const chat = await h.createChat();
    const sent = await exchange(chat.id, 'the platypus swims quietly at dawn');
    const prefix = await search({ q: 'platyp*' });
    expect(prefix.messages.map((m) => m.messageId)).toContain(sent.userMessage.id);
    expect((await search({ q: 'platyp' })).messages).toHaveLength(0);

    const phrase = await search({ q: '"swims quietly"' });
    expect(phrase.messages.map((m) => m.messageId)).toContain(sent.userMessage.id);
    expect((await search({ q: '"quietly swims"' })).messages).toHaveLength(0);
    expect((await search({ q: 'quietly swims' })).messages.length).toBeGreaterThan(0);
  });

  it('cuts each hit its own snippet, for a prefix too, on a page of a longer list of matches', async () => {
    const words = ['marmot', 'marlin', 'marzipan', 'martini', 'marigold'];
    const sent: { word: string; ids: string[] }[] = [];
    for (const word of words) {
      const chat = await h.createChat();
      const s = await exchange(chat.id, `one ${word} here, and the ${word} again`);
      // Messages between the hits that do not match: they lie inside the page's rowid range.
      await exchange(chat.id, 'nothing to see in this one');
      sent.push({ word, ids: [s.userMessage.id, s.assistantMessage.id] });
    }
    for (const limit of ['3', '20']) {
      const result = await search({ q: 'mar*', limit });
      expect(result.messages.length).toBe(limit === '3' ? 3 : words.length * 2);
      for (const hit of result.messages) {
        const own = sent.find((x) => x.ids.includes(hit.messageId));
        expect(own, hit.messageId).toBeDefined();
        expect(hit.snippet.map((s) => s.text).join('')).toContain(`the ${own?.word} again`);
        expect(hit.snippet.filter((s) => s.match).map((s) => s.text)).toEqual([own?.word, own?.word]);
      }
    }
  });

  it('folds diacritics both ways and highlights the matched words', async () => {
    const chat = await h.createChat();
    const sent = await exchange(chat.id, 'Un café crème, s’il vous plaît, près de la gare');
    for (const q of ['cafe', 'CAFÉ', 'creme', 'pres']) {
      const result = await search({ q });
      expect(
        result.messages.map((m) => m.messageId),
        q,
      ).toContain(sent.userMessage.id);
    }
    const hit = (await search({ q: 'cafe plait' })).messages.find((m) => m.messageId === sent.userMessage.id);
    const matched = hit?.snippet.filter((s) => s.match).map((s) => s.text);
    expect(matched).toEqual(['café', 'plaît']);
    expect(hit?.snippet.map((s) => s.text).join('')).toBe('Un café crème, s’il vous plaît, près de la gare');
  });

  it('filters by model and by date', async () => {
    const llama = await h.createChat('llama3.2');
    const qwen = await h.createChat('qwen3:8b');
    await exchange(llama.id, 'narwhal facts');
    await exchange(qwen.id, 'narwhal facts');
    const all = await search({ q: 'narwhal' });
    expect(all.messages).toHaveLength(4);

    const byModel = await search({ q: 'narwhal', model: 'qwen3:8b' });
    expect(byModel.messages).toHaveLength(1);
    expect(byModel.messages[0]).toMatchObject({ chatId: qwen.id, role: 'assistant', model: 'qwen3:8b' });
    // Any spelling of the name: `llama3.2` is `llama3.2:latest`.
    expect((await search({ q: 'narwhal', model: 'llama3.2:latest' })).messages).toHaveLength(1);

    const today = new Date().toISOString().slice(0, 10);
    expect((await search({ q: 'narwhal', from: today, to: today })).messages).toHaveLength(4);
    expect((await search({ q: 'narwhal', to: '2000-01-01' })).messages).toHaveLength(0);
    expect((await search({ q: 'narwhal', from: '2999-01-01T00:00:00Z' })).messages).toHaveLength(0);
    const bad = await h.api('/api/search?q=narwhal&from=yesterday');
    expect(bad.status).toBe(400);
  });

  it('pages with a cursor without repeating or losing a hit', async () => {
    const chat = await h.createChat();
    for (let i = 0; i < 4; i++) await exchange(chat.id, `pagination probe number ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: SearchResponse = await search({ q: 'pagination', limit: '3', ...(cursor ? { cursor } : {}) });
      if (pages > 0) expect(page.titles).toEqual([]);
      seen.push(...page.messages.map((m) => m.messageId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect((await h.api('/api/search?q=x&cursor=garbage')).status).toBe(400);
  });

  it('matches chat titles, highlighted, listed apart from messages', async () => {
    const chat = await h.createChat();
    await h.json(`/api/chats/${chat.id}`, { method: 'PATCH', json: { title: 'Résumé for the axolotl job' } });
    const result = await search({ q: 'resume' });
    expect(result.titles.map((t) => t.chatId)).toEqual([chat.id]);
    expect(result.titles[0]?.title).toEqual([
      { text: 'Résumé', match: true },
      { text: ' for the axolotl job', match: false },
    ]);
    await h.json(`/api/chats/${chat.id}`, { method: 'PATCH', json: { title: 'Renamed' } });
    expect((await search({ q: 'resume' })).titles).toEqual([]);
  });

  it('returns nothing for a query without words', async () => {
    expect(await search({ q: '  ' })).toEqual({ titles: [], messages: [], nextCursor: null });
  });
});

describe('index maintenance', () => {
  it('indexes an answer when it ends, not while it streams', async () => {
    const chat = await h.createChat('slow');
    const sent = await h.send(chat.id, 'tell me something slowly');
    // The partial answer is flushed to SQLite (it reads back) but is not searchable yet.
    await waitFor(async () => {
      const m = await h.json<Message>(`/api/messages/${sent.generationId}`);
      return m.status === 'streaming' && m.content.includes('word5');
    });
    const during = await search({ q: 'word5' });
    expect(during.messages).toHaveLength(0);
    await h.events(sent.generationId);
    const after = await search({ q: 'word5' });
    expect(after.messages.map((m) => m.messageId)).toEqual([sent.assistantMessage.id]);
    expect((await search({ q: 'word30' })).messages).toHaveLength(1);
  }, 15_000);

  it('drops a deleted chat from the index', async () => {
    const chat = await h.createChat();
    await exchange(chat.id, 'ephemeral okapi');
    expect((await search({ q: 'okapi' })).messages).toHaveLength(2);
    await h.api(`/api/chats/${chat.id}`, { method: 'DELETE' });
    expect((await search({ q: 'okapi' })).messages).toHaveLength(0);
  });
});
