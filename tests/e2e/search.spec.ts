import type { Message, SendMessageResponse } from '../../src/shared/api';
import type { SearchResponse } from '../../src/shared/search-api';
import { expect, test } from './fixtures';

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Sends through the API and waits (by polling the stored message) until the answer is complete. */
async function exchange(appUrl: string, chatId: string, content: string, parentId?: null) {
  const sent = await call<SendMessageResponse>(`${appUrl}/api/chats/${chatId}/messages`, 'POST', {
    content,
    ...(parentId === null ? { parentId: null } : {}),
  });
  await expect
    .poll(async () => (await call<Message>(`${appUrl}/api/messages/${sent.generationId}`, 'GET')).status, {
      timeout: 15_000,
    })
    .toBe('complete');
  return sent;
}

test('a search result opens the chat on the message, on its branch, highlighted', async ({ page, app }) => {
  test.setTimeout(90_000);
  const chat = await call<{ id: string }>(`${app.url}/api/chats`, 'POST', { model: 'llama3.2' });
  // The word sits at the top of a long branch that is no longer the current one.
  await exchange(app.url, chat.id, 'tell me about zanzibar spice markets');
  for (let i = 0; i < 6; i++) await exchange(app.url, chat.id, `filler question number ${i} with several words`);
  await exchange(app.url, chat.id, 'a different branch entirely', null);

  const found = await call<SearchResponse>(`${app.url}/api/search?q=zanzibar`, 'GET');
  const first = found.messages[0];
  expect(first?.chatId).toBe(chat.id);

  await page.goto(app.url);
  await page.getByTestId('chat-search').fill('zanzib');
  const hit = page.getByTestId('search-hit').first();
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toHaveText(/zanzibar/i);
  // Keyboard: ArrowDown from the box focuses the results; Enter opens the focused one.
  await page.getByTestId('chat-search').press('ArrowDown');
  await expect(page.locator('a[data-search-result]').first()).toBeFocused();
  await hit.click();

  await expect(page).toHaveURL(new RegExp(`/c/${chat.id}$`));
  const target = page.locator(`[data-message-id="${first?.messageId}"]`);
  await expect(target).toBeInViewport();
  await expect(page.locator('[data-search-highlight="true"]')).toContainText('zanzibar');
  // The branch with the message is the one shown, not the current one.
  await expect(page.getByText('a different branch entirely')).toHaveCount(0);
});
