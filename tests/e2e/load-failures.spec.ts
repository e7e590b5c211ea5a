/**
 * A part of the app whose chunk can't be fetched (the server stopped, or was rebuilt while the tab kept
 * the old file names) fails in its own place, says what to do, and loses nothing: the rest of the app
 * keeps working and the words of a chat stay readable.
 */
import type { Page } from '@playwright/test';
import { newChat, openNewChat, send } from './actions';
import { expect, test } from './fixtures';

/** Every request for a chunk whose file name starts with `name-` fails as if the server were gone. */
async function failChunk(page: Page, name: string): Promise<() => Promise<void>> {
  const pattern = new RegExp(`/assets/${name}-[\\w-]+\\.js$`);
  await page.route(pattern, (route) => route.abort('connectionrefused'));
  return () => page.unroute(pattern);
}

test('a message list that cannot load says so in its place, keeps the composer, and Reload brings it back', async ({
  page,
  app,
}) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await send(page, 'remember me');
  await expect(page.getByTestId('message-assistant')).toHaveAttribute('data-status', 'complete');

  const restore = await failChunk(page, 'message-list');
  await page.reload();
  const panel = page.getByTestId('error-panel');
  await expect(panel).toContainText("Part of the app couldn't be loaded");
  await expect(panel).toContainText('reload the page');
  // Only the list's box: the sidebar and the composer are still there, and the draft can be typed.
  await expect(page.getByTestId('composer-input')).toBeVisible();
  await page.getByTestId('composer-input').fill('a draft');
  await expect(page.getByRole('complementary', { name: 'Sidebar' })).toBeVisible();

  await restore();
  await panel.getByTestId('error-action').click();
  await expect(page.getByTestId('message-user')).toContainText('remember me');
  await expect(page.getByTestId('error-panel')).toHaveCount(0);
});

test('without the markdown renderer an answer is shown as its plain text', async ({ page, app }) => {
  await failChunk(page, 'markdown');
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await send(page, 'plain please');
  const answer = page.getByTestId('message-assistant');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  // The fake's reply has **fake** in it: unrendered, the asterisks stay; the words are all there.
  await expect(answer.getByTestId('markdown-plain')).toContainText('Echo: plain please');
  await expect(answer.getByTestId('markdown-plain')).toContainText('This is a **fake** reply');
  await expect(page.getByTestId('error-panel')).toHaveCount(0);
});

test('a page that cannot load leaves the sidebar working, and another page opens', async ({ page, app }) => {
  const chatId = await newChat(app.url, 'llama3.2', 'Still reachable');
  await failChunk(page, 'models-page');
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByTestId('error-panel')).toContainText("Part of the app couldn't be loaded");
  await expect(page.getByTestId('error-action')).toHaveText('Reload');

  await page.locator(`a[href="/c/${chatId}"]`).first().click();
  await expect(page.getByTestId('error-panel')).toHaveCount(0);
  await expect(page.getByTestId('composer-input')).toBeVisible();
});

test('a dialog or overlay that cannot load says so in a toast and closes, so it can be asked for again', async ({
  page,
  app,
}) => {
  const chatId = await newChat(app.url, 'llama3.2', 'Keep me');
  await failChunk(page, 'shortcuts-overlay');
  await failChunk(page, 'dialog');
  await page.goto(`${app.url}/c/${chatId}`);
  await expect(page.getByTestId('composer-input')).toBeVisible();

  const shortcuts = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await shortcuts.click();
  const toast = page.getByTestId('toast');
  await expect(toast).toContainText("Part of the app couldn't be loaded");
  await expect(page.getByTestId('shortcuts-overlay')).toHaveCount(0);
  // Nothing stands in the overlay's place in the page, and it was closed: asking again tries again.
  await expect(page.getByTestId('error-inline')).toHaveCount(0);
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(toast).toHaveCount(0);
  await shortcuts.click();
  await expect(toast).toContainText("Part of the app couldn't be loaded");
  await toast.getByRole('button', { name: 'Dismiss' }).click();

  // The header's Delete confirmation: no dialog, so nothing is deleted.
  await page.getByRole('button', { name: 'Delete this chat' }).click();
  await expect(toast).toContainText("Part of the app couldn't be loaded");
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await fetch(`${app.url}/api/chats/${chatId}`)).status).toBe(200);
});
