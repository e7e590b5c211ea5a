/** Issue 11 in Chromium: the context meter's warning with "raise context", fork, edit an answer, delete with confirm. */
import type { Page } from '@playwright/test';
import type { Chat, Message, MessagesResponse } from '../../src/shared/api';
import { send } from './actions';
import { expect, test } from './fixtures';

test.use({ fakeOptions: { tokenDelayMs: 0 } });
test.describe.configure({ timeout: 60_000 });

async function api<T>(base: string, path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: init.json === undefined ? {} : { 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function newChat(base: string, body: Record<string, unknown> = {}): Promise<Chat> {
  return api<Chat>(base, '/api/chats', { method: 'POST', json: { model: 'llama3.2', ...body } });
}

/** Waits until the chat shows `answers` finished answers. */
async function answered(page: Page, answers: number) {
  await expect(page.locator('[data-testid="message-assistant"][data-status="complete"]')).toHaveCount(answers, {
    timeout: 20_000,
  });
}

const LONG = Array.from({ length: 90 }, (_, i) => `Paragraph ${i + 1} tells a long story about the sea.`).join(' ');

test('the context meter warns before a send that will not fit and raises the context on request', async ({
  page,
  app,
  fake,
}) => {
  const chat = await newChat(app.url, { options: { num_ctx: 512 } });
  await page.goto(`${app.url}/c/${chat.id}`);
  await send(page, LONG);
  await answered(page, 1);

  const meter = page.getByTestId('context-meter');
  await expect(meter).toBeVisible();
  await expect(page.getByTestId('context-meter-label')).toContainText('/ 512 tokens');
  // The branch alone is already over the window: the meter says what will be left out.
  await expect(meter).toHaveAttribute('data-level', 'over');
  await expect(page.getByTestId('context-warning')).toContainText('“Paragraph 1 tells a long story');

  await send(page, 'And how does it end?');
  // Held back: nothing was sent, and the choices are offered.
  await expect(page.getByTestId('message-user')).toHaveCount(1);
  await expect(page.getByTestId('context-warning')).toHaveAttribute('role', 'alert');
  const raise = page.getByTestId('raise-context');
  await expect(raise).toBeFocused();
  const offered = /Raise context to (\d+)k and send/.exec((await raise.textContent()) ?? '');
  expect(offered).not.toBeNull();
  await raise.click();

  await answered(page, 2);
  await expect(page.getByTestId('message-user')).toHaveCount(2);
  await expect(page.getByTestId('composer-input')).toHaveValue('');
  const updated = await api<Chat>(app.url, `/api/chats/${chat.id}`);
  expect(updated.options.num_ctx).toBe(Number(offered?.[1]) * 1024);
  // Nothing was dropped: the model received the whole conversation.
  const sent = fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as { messages: { content: string }[] };
  expect(sent.messages.map((m) => m.content)[0]).toBe(LONG);
  await expect(meter).toHaveAttribute('data-level', /ok|high/);
});

test('send anyway leaves the earlier turns out, as the warning said, and is not asked again in that chat', async ({
  page,
  app,
  fake,
}) => {
  const chat = await newChat(app.url, { options: { num_ctx: 512 } });
  await page.goto(`${app.url}/c/${chat.id}`);
  await send(page, LONG);
  await answered(page, 1);
  await send(page, 'Short follow-up');
  await page.getByTestId('send-anyway').click();
  await answered(page, 2);
  const sent = fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as { messages: { content: string }[] };
  expect(sent.messages.map((m) => m.content)).toEqual(['Short follow-up']);

  // Chosen once for this chat: the next send is not held again, though the meter still warns.
  await send(page, 'Another one');
  await answered(page, 3);
  await expect(page.getByTestId('context-meter')).toHaveAttribute('data-level', 'over');
  await expect(page.getByTestId('send-anyway')).toHaveCount(0);
});

test('fork opens a new chat with the branch up to the message', async ({ page, app }) => {
  const chat = await newChat(app.url, { title: 'Sea stories' });
  await page.goto(`${app.url}/c/${chat.id}`);
  await send(page, 'first question');
  await answered(page, 1);
  await send(page, 'second question');
  await answered(page, 2);

  const firstAnswer = page.getByTestId('message-assistant').first();
  await firstAnswer.hover();
  await firstAnswer.getByTestId('fork-button').click();

  await expect(page).not.toHaveURL(new RegExp(`/c/${chat.id}$`));
  await expect(page.getByTestId('message-user')).toHaveCount(1);
  await expect(page.getByTestId('message-user')).toContainText('first question');
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  const forkId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
  const fork = await api<MessagesResponse>(app.url, `/api/chats/${forkId}/messages`);
  expect(fork.chat.title).toBe('Sea stories (fork)');
  expect(fork.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  // The original keeps everything.
  expect((await api<MessagesResponse>(app.url, `/api/chats/${chat.id}/messages`)).messages).toHaveLength(4);
});

test('edit an answer, then continue the conversation from it', async ({ page, app, fake }) => {
  const chat = await newChat(app.url);
  await page.goto(`${app.url}/c/${chat.id}`);
  await send(page, 'what is 2+2?');
  await answered(page, 1);

  const answer = page.getByTestId('message-assistant');
  await answer.hover();
  await answer.getByTestId('edit-answer-button').click();
  const editor = page.getByTestId('answer-editor-input');
  await expect(editor).toBeFocused();
  await editor.fill('It is 4.');
  await page.getByTestId('answer-editor-save').click();

  await expect(page.getByTestId('edited-mark')).toBeVisible();
  await expect(answer).toContainText('It is 4.');
  await expect(answer.getByTestId('branch-switcher')).toContainText('2/2');

  await send(page, 'and times 3?');
  await answered(page, 2);
  const sent = fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
    messages: { role: string; content: string }[];
  };
  expect(sent.messages).toEqual([
    { role: 'user', content: 'what is 2+2?' },
    { role: 'assistant', content: 'It is 4.' },
    { role: 'user', content: 'and times 3?' },
  ]);

  // The model's own answer is still there, one step back in the switcher.
  await page.getByTestId('message-assistant').first().getByRole('button', { name: 'Previous version' }).click();
  await expect(page.getByTestId('edited-mark')).toHaveCount(0);
});

test('delete a message and everything below it after confirming', async ({ page, app }) => {
  const chat = await newChat(app.url);
  await page.goto(`${app.url}/c/${chat.id}`);
  await send(page, 'keep this');
  await answered(page, 1);
  await send(page, 'delete from here');
  await answered(page, 2);

  const second = page.getByTestId('message-user').nth(1);
  await second.hover();
  await second.getByTestId('delete-message-button').click();
  const dialog = page.getByTestId('delete-message-dialog');
  await expect(dialog.getByTestId('delete-message-count')).toContainText('2 messages');
  // Cancel keeps everything.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('message-user')).toHaveCount(2);

  await second.hover();
  await second.getByTestId('delete-message-button').click();
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByTestId('message-user')).toHaveCount(1);
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  const stored = await api<MessagesResponse>(app.url, `/api/chats/${chat.id}/messages`);
  expect(stored.messages.map((m: Message) => m.content)[0]).toBe('keep this');
  expect(stored.messages).toHaveLength(2);

  // The next message continues from what is left.
  await send(page, 'after the delete');
  await answered(page, 2);
});
