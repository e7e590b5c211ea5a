/**
 * The README's tour screenshots, taken from the real app (built server and GUI) talking to the fake
 * Ollama. Run: `npx playwright test -c scripts/readme-screenshots.config.ts`.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../tests/e2e/fixtures';

const out = (name: string) => path.resolve(import.meta.dirname, '../docs/images', name);

async function api<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', origin: new URL(url).origin },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

async function send(page: Page, text: string) {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await expect(page.getByTestId('send-button')).toBeEnabled();
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
}

test.use({ fakeOptions: { tokenDelayMs: 5 } });

test('README screenshots', async ({ page, app }) => {
  // A few chats in the sidebar, so it looks lived in.
  for (const [title, model] of [
    ['Trip to Lisbon: three days', 'llama3.2'],
    ['Rust lifetimes, explained', 'qwen3:8b'],
    ['Sourdough starter schedule', 'llama3.2'],
  ] as const) {
    const chat = await api<{ id: string }>(`${app.url}/api/chats`, 'POST', { model });
    await api(`${app.url}/api/chats/${chat.id}`, 'PATCH', { title });
  }
  const chat = await api<{ id: string }>(`${app.url}/api/chats`, 'POST', { model: 'qwen3:8b' });

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${app.url}/c/${chat.id}`);
  await send(page, 'Which planets have moons?\n\n| Planet | Moons |\n|---|---|\n| Earth | 1 |\n| Mars | 2 |');
  await api(`${app.url}/api/chats/${chat.id}`, 'PATCH', { title: 'The inner planets' });
  // A second answer to the same question: a branch (‹ 2/2 ›) under the answer.
  await page.getByTestId('message-assistant').last().getByTestId('regenerate-button').click();
  await expect(page.getByTestId('branch-switcher')).toContainText('2');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
  await page.getByTestId('composer-input').fill('And which one has the longest day?');
  await page.waitForTimeout(400);
  await page.screenshot({ path: out('tour-chat.png') });

  // Dark theme, searching every chat's messages from the sidebar.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('chat-search').fill('planets');
  await expect(page.locator('[data-search-result]').first()).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('tour-search-dark.png') });

  // A phone, with the keyboard shortcuts overlay one key away on a desktop.
  await page.getByTestId('chat-search').fill('');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${app.url}/c/${chat.id}`);
  await expect(page.getByTestId('message-assistant').last()).toBeVisible();
  await page.waitForTimeout(400);
  await page.screenshot({ path: out('tour-phone.png') });
});
