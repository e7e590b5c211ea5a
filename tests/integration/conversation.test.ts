/** Fork, edit an answer and delete a subtree on the message tree (issue 11), through the real HTTP API. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteMessageResponseSchema,
  EditAnswerResponseSchema,
  ForkResponseSchema,
  SubtreeInfoSchema,
} from '../../src/backend/schemas';
import type { Chat, Message, MessagesResponse } from '../../src/shared/api';
import type {
  DeleteMessageResponse,
  EditAnswerResponse,
  ForkResponse,
  SubtreeInfo,
} from '../../src/shared/conversation-api';
import type { SearchResponse } from '../../src/shared/search-api';
import { type Harness, startHarness, waitFor } from './harness';

let h: Harness;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Sends and waits for the answer; returns the stored pair. */
async function turn(chatId: string, content: string, extra: Record<string, unknown> = {}) {
  const sent = await h.send(chatId, content, extra);
  await h.events(sent.generationId);
  return { user: sent.userMessage, answer: await h.json<Message>(`/api/messages/${sent.generationId}`) };
}

const branch = (chatId: string, leaf?: string) =>
  h.json<MessagesResponse>(`/api/chats/${chatId}/messages${leaf ? `?leaf=${leaf}` : ''}`);

const search = (q: string) => h.json<SearchResponse>(`/api/search?${new URLSearchParams({ q })}`);

describe('fork', () => {
  it('copies the branch up to the message into a new chat with the settings and attachments', async () => {
    const chat = await h.createChat('llava');
    await h.json(`/api/chats/${chat.id}`, {
      method: 'PATCH',
      json: { title: 'Trip plans', systemPrompt: 'Be brief.', options: { temperature: 0.3 } },
    });
    const first = await turn(chat.id, 'look at this', {
      attachments: [{ name: 'dot.png', mime: 'image/png', data: PNG.toString('base64') }],
    });
    const second = await turn(chat.id, 'second question');
    await turn(chat.id, 'third question, not in the fork');

    const res = await h.api(`/api/chats/${chat.id}/fork`, { method: 'POST', json: { messageId: second.answer.id } });
    expect(res.status).toBe(201);
    const { chat: fork } = ForkResponseSchema.parse(await res.json()) as ForkResponse;
    expect(fork.id).not.toBe(chat.id);
    expect(fork.title).toBe('Trip plans (fork)');
    expect(fork.model).toBe('llava');
    expect(fork.systemPrompt).toBe('Be brief.');
    expect(fork.options).toEqual({ temperature: 0.3 });

    const copied = await branch(fork.id);
    expect(copied.messages.map((m) => m.content)).toEqual([
      'look at this',
      first.answer.content,
      'second question',
      second.answer.content,
    ]);
    expect(copied.messages.every((m) => m.chatId === fork.id)).toBe(true);
    expect(copied.chat.currentLeafId).toBe(copied.messages.at(-1)?.id);
    expect(copied.messages[3]?.metrics?.promptEvalCount).toBe(second.answer.metrics?.promptEvalCount);
    // What the answer was generated with (model, options, window) comes along: the fork's answers show it too.
    expect(second.answer.params?.model).toBe('llava');
    expect(copied.messages[3]?.params).toEqual(second.answer.params);
    // The attachment points at the same blob.
    expect(copied.messages[0]?.attachments[0]?.sha256).toBe(first.user.attachments[0]?.sha256);
    expect(copied.messages[0]?.attachments[0]?.id).not.toBe(first.user.attachments[0]?.id);

    // The original is untouched, and the fork is searchable on its own.
    expect((await branch(chat.id)).messages).toHaveLength(6);
    const hits = await search('second question');
    expect(hits.messages.map((m) => m.chatId)).toEqual(expect.arrayContaining([chat.id, fork.id]));

    // The blob survives deleting the original chat: the fork still references it.
    const sha256 = first.user.attachments[0]?.sha256 as string;
    expect((await h.api(`/api/chats/${chat.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(path.join(h.dataDir, 'blobs', sha256))).toBe(true);

    // A follow-up in the fork sends the copied branch to the model.
    const next = await turn(fork.id, 'follow-up in the fork');
    const sent = h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
      messages: { role: string; content: string }[];
    };
    expect(sent.messages.map((m) => m.content)).toEqual([
      'Be brief.',
      'look at this',
      first.answer.content,
      'second question',
      second.answer.content,
      'follow-up in the fork',
    ]);
    expect(next.answer.status).toBe('complete');
  });

  it('answers 404 for a message of another chat', async () => {
    const a = await h.createChat();
    const b = await h.createChat();
    const { answer } = await turn(a.id, 'hello');
    const res = await h.api(`/api/chats/${b.id}/fork`, { method: 'POST', json: { messageId: answer.id } });
    expect(res.status).toBe(404);
  });
});

describe('editing an answer', () => {
  it('adds a sibling marked edited, makes it current, and the next turn sends it as the assistant turn', async () => {
    const chat = await h.createChat();
    const { answer } = await turn(chat.id, 'what is 2+2?');
    const res = await h.api(`/api/chats/${chat.id}/messages/${answer.id}/edit`, {
      method: 'POST',
      json: { content: 'It is 4.' },
    });
    expect(res.status).toBe(201);
    const { message: edited } = EditAnswerResponseSchema.parse(await res.json()) as EditAnswerResponse;
    expect(edited).toMatchObject({ role: 'assistant', content: 'It is 4.', edited: true, parentId: answer.parentId });
    expect(edited.siblingIds).toEqual([answer.id, edited.id]);

    const shown = await branch(chat.id);
    expect(shown.messages.at(-1)?.id).toBe(edited.id);
    // The model's own answer stays reachable through the branch switcher, unmarked.
    const original = await branch(chat.id, answer.id);
    expect(original.messages.at(-1)?.content).toBe(answer.content);
    expect(original.messages.at(-1)?.edited).toBeUndefined();

    await turn(chat.id, 'and times 3?');
    const sent = h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
      messages: { role: string; content: string }[];
    };
    expect(sent.messages).toEqual([
      { role: 'user', content: 'what is 2+2?' },
      { role: 'assistant', content: 'It is 4.' },
      { role: 'user', content: 'and times 3?' },
    ]);
    expect((await search('"It is 4"')).messages.some((m) => m.messageId === edited.id)).toBe(true);
  });

  it('keeps the edit mark through export and import', async () => {
    const chat = await h.createChat();
    const { answer } = await turn(chat.id, 'name a colour');
    await h.json(`/api/chats/${chat.id}/messages/${answer.id}/edit`, { method: 'POST', json: { content: 'Teal.' } });
    const exported = await (await h.api(`/api/chats/${chat.id}/export?format=json`)).text();
    expect(exported).toContain('"edited":true');
    // Imported as a copy: the source chat goes first, so the import is not a re-import of a known chat.
    await h.api(`/api/chats/${chat.id}`, { method: 'DELETE' });
    const res = await h.api('/api/import?name=chat.json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: exported,
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { imported: Array<{ chatId: string }> };
    const imported = await branch(report.imported[0]?.chatId as string);
    expect(imported.messages.at(-1)).toMatchObject({ content: 'Teal.', edited: true });
    expect(imported.messages.at(-1)?.siblingIds).toHaveLength(2);
  });

  it('refuses user messages, unchanged text and an answer still being written', async () => {
    const chat = await h.createChat();
    const { user, answer } = await turn(chat.id, 'hi');
    const notAnswer = await h.api(`/api/chats/${chat.id}/messages/${user.id}/edit`, {
      method: 'POST',
      json: { content: 'x' },
    });
    expect(notAnswer.status).toBe(400);
    const same = await h.api(`/api/chats/${chat.id}/messages/${answer.id}/edit`, {
      method: 'POST',
      json: { content: answer.content },
    });
    expect(same.status).toBe(400);

    const slow = await h.createChat('hang');
    const sent = await h.send(slow.id, 'wait forever');
    const running = await h.api(`/api/chats/${slow.id}/messages/${sent.generationId}/edit`, {
      method: 'POST',
      json: { content: 'mine' },
    });
    expect(running.status).toBe(409);
    await h.json(`/api/generations/${sent.generationId}/cancel`, { method: 'POST' });
  });
});

describe('deleting a message and its subtree', () => {
  it('removes the subtree, moves the current leaf to the older sibling, and drops the search rows', async () => {
    const chat = await h.createChat();
    const { user, answer } = await turn(chat.id, 'root question zebrafish');
    const regen = await h.json<{ assistantMessage: Message; generationId: string }>(
      `/api/messages/${answer.id}/regenerate`,
      { method: 'POST' },
    );
    await h.events(regen.generationId);
    const deep = await turn(chat.id, 'deeper question quokka');
    expect((await branch(chat.id)).chat.currentLeafId).toBe(deep.answer.id);

    const info = SubtreeInfoSchema.parse(
      await h.json<SubtreeInfo>(`/api/chats/${chat.id}/messages/${regen.generationId}/subtree`),
    );
    expect(info).toEqual({ count: 3, generating: false });
    expect((await search('quokka')).messages.length).toBeGreaterThan(0);

    const res = await h.api(`/api/chats/${chat.id}/messages/${regen.generationId}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    const body = DeleteMessageResponseSchema.parse(await res.json()) as DeleteMessageResponse;
    expect(body).toEqual({ deleted: 3, currentLeafId: answer.id });

    const shown = await branch(chat.id);
    expect(shown.messages.map((m) => m.id)).toEqual([user.id, answer.id]);
    expect(shown.messages[1]?.siblingIds).toEqual([answer.id]);
    expect((await search('quokka')).messages).toHaveLength(0);
    expect((await h.api(`/api/messages/${deep.user.id}`)).status).toBe(404);

    // A new message continues from the moved leaf.
    const after = await turn(chat.id, 'after the delete');
    expect(after.user.parentId).toBe(answer.id);
  });

  it('moves the leaf to the parent when there is no sibling, and to nothing when the root goes', async () => {
    const chat = await h.createChat();
    const { user, answer } = await turn(chat.id, 'only question');
    const del = await h.json<DeleteMessageResponse>(`/api/chats/${chat.id}/messages/${answer.id}`, {
      method: 'DELETE',
    });
    expect(del).toEqual({ deleted: 1, currentLeafId: user.id });

    const again = await h.json<DeleteMessageResponse>(`/api/chats/${chat.id}/messages/${user.id}`, {
      method: 'DELETE',
    });
    expect(again).toEqual({ deleted: 1, currentLeafId: null });
    const empty = await branch(chat.id);
    expect(empty.messages).toEqual([]);
    expect(empty.chat.currentLeafId).toBeNull();
    // The chat itself stays and takes a new first message.
    const fresh = await turn(chat.id, 'a new start');
    expect(fresh.user.parentId).toBeNull();
  });

  it('keeps the current leaf when the deleted subtree is another branch', async () => {
    const chat = await h.createChat();
    const { answer } = await turn(chat.id, 'question');
    const regen = await h.json<{ generationId: string }>(`/api/messages/${answer.id}/regenerate`, {
      method: 'POST',
    });
    await h.events(regen.generationId);
    const del = await h.json<DeleteMessageResponse>(`/api/chats/${chat.id}/messages/${answer.id}`, {
      method: 'DELETE',
    });
    expect(del).toEqual({ deleted: 1, currentLeafId: regen.generationId });
  });

  it('deletes a deep subtree in one go (no trigger recursion limit)', async () => {
    const chat = await h.createChat();
    const first = await turn(chat.id, 'start');
    // Built through the tree's own append, 1,200 levels deep.
    const chain = Array.from({ length: 1200 }, (_, i) => ({
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: `level ${i}`,
      status: 'complete' as const,
    }));
    const history = (h.service as unknown as { history: import('../../src/backend/history-manager').History }).history;
    await history.messages.append(chat.id, first.answer.id, chain);
    const res = await h.json<DeleteMessageResponse>(`/api/chats/${chat.id}/messages/${first.user.id}`, {
      method: 'DELETE',
    });
    expect(res).toEqual({ deleted: 1202, currentLeafId: null });
  });

  it('refuses with 409 while an answer in the subtree runs, and deletes once it is stopped', async () => {
    const chat = await h.createChat('hang');
    const sent = await h.send(chat.id, 'never answered');
    const info = await h.json<SubtreeInfo>(`/api/chats/${chat.id}/messages/${sent.userMessage.id}/subtree`);
    expect(info).toEqual({ count: 2, generating: true });
    const refused = await h.api(`/api/chats/${chat.id}/messages/${sent.userMessage.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; hint: { text: string } } };
    expect(body.error.code).toBe('conflict');
    expect(body.error.hint.text).toMatch(/Stop the answer/);
    expect((await branch(chat.id)).messages).toHaveLength(2);

    await h.json(`/api/generations/${sent.generationId}/cancel`, { method: 'POST' });
    await waitFor(async () => (await h.json<Message>(`/api/messages/${sent.generationId}`)).status === 'cancelled');
    const ok = await h.api(`/api/chats/${chat.id}/messages/${sent.userMessage.id}`, { method: 'DELETE' });
    expect(ok.status).toBe(200);
  });

  it('removes a blob only when its last reference goes', async () => {
    const chat = await h.createChat('llava');
    const unique = Buffer.concat([PNG, Buffer.from('subtree-delete-blob')]);
    const sent = await turn(chat.id, 'picture', {
      attachments: [{ name: 'u.png', mime: 'image/png', data: unique.toString('base64') }],
    });
    const sha256 = sent.user.attachments[0]?.sha256 as string;
    const file = path.join(h.dataDir, 'blobs', sha256);
    const { chat: fork } = await h.json<ForkResponse>(`/api/chats/${chat.id}/fork`, {
      method: 'POST',
      json: { messageId: sent.answer.id },
    });
    await h.json(`/api/chats/${chat.id}/messages/${sent.user.id}`, { method: 'DELETE' });
    expect(existsSync(file)).toBe(true);
    const forkRoot = (await branch(fork.id)).messages[0] as Message;
    await h.json(`/api/chats/${fork.id}/messages/${forkRoot.id}`, { method: 'DELETE' });
    expect(existsSync(file)).toBe(false);
  });

  it('answers 404 for an unknown message or one of another chat', async () => {
    const a: Chat = await h.createChat();
    const b: Chat = await h.createChat();
    const { answer } = await turn(a.id, 'hello');
    expect((await h.api(`/api/chats/${b.id}/messages/${answer.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await h.api(`/api/chats/${a.id}/messages/nope`, { method: 'DELETE' })).status).toBe(404);
  });
});
