/**
 * Generated titles: written after the first answer, in the background, behind the chat's own answers
 * and within the global generation limit; a title the user typed is never replaced; the setting turns
 * them off. Every check reads what the fake Ollama received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTitle, TITLE_MAX_WORDS } from '../../src/backend/chat-manager/title-generator';
import type { Chat } from '../../src/shared/api';
import { CHAT_TITLE_EVENT } from '../../src/shared/presets-api';
import type { RecordedRequest } from '../fakes/fake-ollama';
import { type Harness, listenAppEvents, startHarness, waitFor } from './harness';

interface WireChat {
  model: string;
  messages: { role: string; content: string }[];
}

const isTitleRequest = (r: RecordedRequest): boolean =>
  r.path === '/api/chat' && /^You name conversations/.test((r.body as WireChat).messages?.[0]?.content ?? '');
const titleRequests = (h: Harness) => h.fake.requests.filter(isTitleRequest);
const answerRequests = (h: Harness) => h.fake.requests.filter((r) => r.path === '/api/chat' && !isTitleRequest(r));

describe('cleanTitle', () => {
  it('keeps the first line, drops labels, quotes, markup and punctuation, caps words', () => {
    expect(cleanTitle('"Ocean Tides Explained."')).toBe('Ocean Tides Explained');
    expect(cleanTitle('<think>hmm</think>\n\nTitle: **Baking sourdough bread**\nMore text')).toBe(
      'Baking sourdough bread',
    );
    expect(cleanTitle('« Les marées océaniques » !')).toBe('Les marées océaniques');
    expect(cleanTitle('one two three four five six seven eight').split(' ')).toHaveLength(TITLE_MAX_WORDS);
    expect(cleanTitle('日本語のタイトル')).toBe('日本語のタイトル');
    expect(cleanTitle("Don't panic: a guide")).toBe("Don't panic a guide");
    expect(cleanTitle('  \n ...')).toBe('');
    expect(cleanTitle('x'.repeat(200)).length).toBeLessThanOrEqual(60);
  });
});

describe('generated titles', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('titles a chat after its first answer, in the background, and tells every open GUI', async () => {
    h = await startHarness({}, {}, {}, { titles: true });
    const events = await listenAppEvents(h);
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'Tell me about ocean tides please');
    await h.events(sent.generationId);
    const event = await waitFor(() => events.events.find((e) => e.event === CHAT_TITLE_EVENT));
    events.stop();
    expect(event.data).toMatchObject({ chatId: chat.id, title: 'Echo Tell me about ocean tides' });
    expect((await h.json<Chat>(`/api/chats/${chat.id}`)).title).toBe('Echo Tell me about ocean tides');

    const [request] = titleRequests(h);
    const body = request?.body as WireChat & { stream: boolean; think: boolean };
    expect(body.model).toBe('llama3.2');
    expect(body.think).toBe(false);
    expect(body.messages[1]?.content).toMatch(/^Tell me about ocean tides please\n\nEcho:/);

    // Only once: the next answer leaves the generated title alone.
    const next = await h.send(chat.id, 'And the moon?');
    await h.events(next.generationId);
    const third = await h.send(chat.id, 'Thanks');
    await h.events(third.generationId);
    expect(titleRequests(h)).toHaveLength(1);
  });

  it('waits behind the chat’s queued answer', async () => {
    h = await startHarness({}, { tokenDelayMs: 20 }, {}, { titles: true });
    const chat = await h.createChat('slow');
    await h.send(chat.id, 'first question');
    const second = await h.send(chat.id, 'second question');
    expect(second.assistantMessage.status).toBe('queued');
    await h.events(second.generationId);
    await waitFor(() => titleRequests(h).length === 1);
    const answers = answerRequests(h);
    expect(answers).toHaveLength(2);
    const titleAt = titleRequests(h)[0]?.at ?? 0;
    const secondEnded = h.fake.generations[1]?.endedAt ?? Number.POSITIVE_INFINITY;
    expect(titleAt).toBeGreaterThanOrEqual(secondEnded);
    expect(h.fake.requests.indexOf(titleRequests(h)[0] as RecordedRequest)).toBeGreaterThan(
      h.fake.requests.indexOf(answers[1] as RecordedRequest),
    );
  });

  it('never replaces a title the user typed, even one typed while the title was being written', async () => {
    // One generation place: the title holds it, so the next answer starts only after the title is done.
    h = await startHarness({ MAX_CONCURRENT_GENERATIONS: '1' }, { tokenDelayMs: 30 }, {}, { titles: true });
    await h.json('/api/settings', { method: 'PUT', json: { titleModel: 'slow' } });

    const typed = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2', title: 'Mine' } });
    const a = await h.send(typed.id, 'hello');
    await h.events(a.generationId);

    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'What is a tide?');
    await h.events(sent.generationId);
    await waitFor(() => titleRequests(h).length === 1);
    const titleBody = titleRequests(h)[0]?.body as WireChat;
    expect(titleBody.model).toBe('slow');
    await h.json(`/api/chats/${chat.id}`, { method: 'PATCH', json: { title: 'Renamed by me' } });
    const after = await h.send(chat.id, 'next');
    await h.events(after.generationId);
    // That answer needed the one place, so the title had finished (and written nothing) before it.
    expect(h.fake.generations.find((g) => g.model.startsWith('slow'))?.endedBy).not.toBeNull();
    expect((await h.json<Chat>(`/api/chats/${chat.id}`)).title).toBe('Renamed by me');
    expect((await h.json<Chat>(`/api/chats/${typed.id}`)).title).toBe('Mine');
    expect(titleRequests(h)).toHaveLength(1);
  });

  it('can be turned off', async () => {
    h = await startHarness({}, {}, {}, { titles: true });
    const events = await listenAppEvents(h);
    await h.json('/api/settings', { method: 'PUT', json: { generateTitles: false } });
    const off = await h.createChat('llama3.2');
    const a = await h.send(off.id, 'no title for me');
    await h.events(a.generationId);

    await h.json('/api/settings', { method: 'PUT', json: { generateTitles: true } });
    const on = await h.createChat('llama3.2');
    const b = await h.send(on.id, 'a title for me');
    await h.events(b.generationId);
    // Titles run in order: had the first chat queued one, it would have come before this one.
    await waitFor(() => events.events.find((e) => e.event === CHAT_TITLE_EVENT));
    events.stop();
    expect(titleRequests(h)).toHaveLength(1);
    expect(events.events.filter((e) => e.event === CHAT_TITLE_EVENT).map((e) => e.data.chatId)).toEqual([on.id]);
    expect((await h.json<Chat>(`/api/chats/${off.id}`)).title).toBe('no title for me');
  });

  it('leaves the title as it was when the title model fails', async () => {
    h = await startHarness({}, {}, {}, { titles: true });
    await h.json('/api/settings', { method: 'PUT', json: { titleModel: 'http500' } });
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'keep my first line');
    await h.events(sent.generationId);
    await waitFor(() => titleRequests(h).length === 1);
    const next = await h.send(chat.id, 'again');
    await h.events(next.generationId);
    expect((await h.json<Chat>(`/api/chats/${chat.id}`)).title).toBe('keep my first line');
  });
});
