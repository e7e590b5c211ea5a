/** What the e2e specs do again and again: make a chat through the API, send from the composer, find the answer. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Creates a chat through the API (faster than the GUI's own path, which the chat spec tests) and returns its id. */
export async function newChat(appUrl: string, model: string, title?: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/chats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, title }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** A new chat (through the API, as `newChat`) opened in the page; its id. */
export async function openNewChat(page: Page, appUrl: string, model: string, title?: string): Promise<string> {
  const chatId = await newChat(appUrl, model, title);
  await page.goto(`${appUrl}/c/${chatId}`);
  return chatId;
}

/** Types into the composer and presses Enter, once the composer can send. */
export async function send(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await expect(page.getByTestId('send-button')).toBeEnabled();
  await input.press('Enter');
}

export const lastAnswer = (page: Page) => page.getByTestId('message-assistant').last();

/** Opens a new chat with the fake's `huge` model and waits for its long markdown answer to `write a lot` to finish. */
export async function chatWithLongAnswer(page: Page, appUrl: string): Promise<string> {
  const chatId = await openNewChat(page, appUrl, 'huge');
  await send(page, 'write a lot');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  return chatId;
}
