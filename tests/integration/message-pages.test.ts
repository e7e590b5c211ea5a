/**
 * A long chat's messages a page at a time (issue 12): `GET /api/chats/:id/messages?limit=` sends the newest messages
 * of the branch and says what lies above them; `?before=` pages upwards to the root. Through the real HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagesResponseSchema } from '../../src/backend/schemas';
import type { Chat, Message, MessagesResponse, OlderMessages } from '../../src/shared/api';
import { estimateMessageTokens, olderAbove } from '../../src/shared/context-plan';
import { ERROR_CODES } from '../../src/shared/error-codes';
import { OLDER_PREVIEW_CHARS } from '../../src/shared/limits';
import { type Harness, startHarness } from './harness';

let h: Harness;
let chat: Chat;
/** The branch, root first: 30 messages; the 6th is an answer that failed before any text (not a context turn). */
let branch: Message[];

const LONG_FIRST_LINE = `${'a very long first question '.repeat(8).trim()}?\nand a second line`;

beforeAll(async () => {
  h = await startHarness();
  chat = await h.createChat();
  await h.service.store.messages.append(
    chat.id,
    null,
    Array.from({ length: 30 }, (_, i) =>
      i === 5
        ? { role: 'assistant' as const, content: '', status: 'error' as const, model: 'llama3.2' }
        : {
            role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
            content: i === 0 ? LONG_FIRST_LINE : `message ${i} with some words, and 42 digits: ${'x'.repeat(i)}`,
            status: 'complete' as const,
          },
    ),
  );
  branch = (await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`)).messages;
});
afterAll(async () => {
  await h.close();
});

const page = async (query: string) =>
  MessagesResponseSchema.parse(await h.json(`/api/chats/${chat.id}/messages?${query}`)) as MessagesResponse;
const ids = (messages: readonly Message[]) => messages.map((m) => m.id);

describe('GET /api/chats/:id/messages with limit and before', () => {
  it('without a limit sends the whole branch, as before, and no summary', async () => {
    expect(branch).toHaveLength(30);
    expect((await page('')).older).toBeUndefined();
  });

  it('sends the newest `limit` messages and what lies above them: count, each turn’s estimate, the first line', async () => {
    const tail = await page('limit=10');
    expect(ids(tail.messages)).toEqual(ids(branch.slice(20)));
    expect(tail.chat.id).toBe(chat.id);
    const above = branch.slice(0, 20);
    expect(tail.older?.count).toBe(20);
    // The failed answer without text is no turn of the context: counted, not estimated.
    const turns = above.filter((_, i) => i !== 5);
    expect(tail.older?.turnTokens).toEqual(turns.map(estimateMessageTokens));
    expect(tail.older?.firstText).toBe(LONG_FIRST_LINE.split('\n')[0]?.slice(0, OLDER_PREVIEW_CHARS));
    expect(tail.older?.firstText.length).toBe(OLDER_PREVIEW_CHARS);
  });

  it('pages upwards with before until the root, each page right above the one before it', async () => {
    const seen: Message[][] = [];
    const first = await page('limit=12');
    seen.unshift(first.messages);
    let older = first.older ?? null;
    const counts: number[] = [older?.count ?? 0];
    while (older) {
      const next = await page(`before=${seen[0]?.[0]?.id}&limit=12`);
      // A `before` page comes without a summary: the reader takes the page off the one it has.
      expect(next.older).toBeUndefined();
      seen.unshift(next.messages);
      older = olderAbove(older, next.messages);
      counts.push(older?.count ?? 0);
      // Exactly what the server says of the rest when everything loaded so far is asked for at once.
      expect(older ?? undefined).toEqual((await page(`limit=${seen.flat().length}`)).older);
    }
    expect(ids(seen.flat())).toEqual(ids(branch));
    expect(counts).toEqual([18, 6, 0]);
    expect(seen.map((s) => s.length)).toEqual([6, 12, 12]);
    // Above the root there is nothing.
    const none = await page(`before=${branch[0]?.id}&limit=12`);
    expect(none.messages).toEqual([]);
    expect(none.older).toBeUndefined();
  });

  it('a system message above is counted apart until the page holding it is loaded', async () => {
    const withSystem = await h.createChat();
    await h.service.store.messages.append(withSystem.id, null, [
      { role: 'system', content: 'You are terse.', status: 'complete' },
      ...Array.from({ length: 6 }, (_, i) => ({
        role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content: `turn ${i}`,
        status: 'complete' as const,
      })),
    ]);
    const get = (query: string) => h.json<MessagesResponse>(`/api/chats/${withSystem.id}/messages?${query}`);
    const tail = await get('limit=3');
    expect(tail.older).toMatchObject({ count: 4, system: 1, firstText: 'You are terse.' });
    const middle = await get(`before=${tail.messages[0]?.id}&limit=3`);
    const rest = olderAbove(tail.older as OlderMessages, middle.messages);
    expect(rest).toEqual((await get('limit=6')).older);
    expect(rest).toMatchObject({ count: 1, system: 1, turnTokens: [expect.any(Number)] });
    const top = await get(`before=${middle.messages[0]?.id}&limit=3`);
    expect(top.messages.map((m) => m.role)).toEqual(['system']);
    expect(olderAbove(rest as OlderMessages, top.messages)).toBeNull();
  });

  it('a limit that holds the whole branch sends it without a summary', async () => {
    for (const limit of [30, 31, 500]) {
      const all = await page(`limit=${limit}`);
      expect(ids(all.messages)).toEqual(ids(branch));
      expect(all.older).toBeUndefined();
    }
  });

  it('with a leaf, pages that branch', async () => {
    const sibling = await h.service.store.messages.append(chat.id, branch[24]?.id ?? null, [
      { role: 'user', content: 'another way from here', status: 'complete' },
    ]);
    const leaf = sibling[0]?.id as string;
    const other = await page(`leaf=${leaf}&limit=5`);
    expect(ids(other.messages)).toEqual([...ids(branch.slice(21, 25)), leaf]);
    expect(other.older?.count).toBe(21);
    // The chat's current branch is now the new one; the old leaf still names the old one.
    const old = await page(`leaf=${branch[29]?.id}&limit=5`);
    expect(ids(old.messages)).toEqual(ids(branch.slice(25)));
  });

  it('refuses what it cannot answer, with a code and the field', async () => {
    const other = await h.createChat();
    const [foreign] = await h.service.store.messages.append(other.id, null, [
      { role: 'user', content: 'elsewhere', status: 'complete' },
    ]);
    const cases: Array<[string, number, string]> = [
      [`leaf=${branch[29]?.id}&before=${branch[10]?.id}`, 400, ERROR_CODES.validationError],
      ['limit=0', 400, ERROR_CODES.validationError],
      ['limit=5001', 400, ERROR_CODES.validationError],
      ['limit=ten', 400, ERROR_CODES.validationError],
      [`before=${foreign?.id}&limit=5`, 400, ERROR_CODES.validationError],
      [`leaf=${foreign?.id}&limit=5`, 400, ERROR_CODES.validationError],
      ['before=01NOTAMESSAGE&limit=5', 400, ERROR_CODES.validationError],
    ];
    for (const [query, status, code] of cases) {
      const res = await h.api(`/api/chats/${chat.id}/messages?${query}`);
      expect(res.status, query).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, query).toBe(code);
      expect(body.error.message.length, query).toBeGreaterThan(10);
    }
    const missing = await h.api('/api/chats/01NOSUCHCHAT/messages?limit=5');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(ERROR_CODES.notFound);
  });
});
