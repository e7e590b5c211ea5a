import { openNewChat, send } from './actions';
import { expect, test } from './fixtures';

test('create a preset in Settings, pick it in the chat header, see its parameters in the answer', async ({
  page,
  app,
  fake,
}) => {
  await page.goto(`${app.url}/settings`);
  await page.getByTestId('new-preset').click();
  const editor = page.getByTestId('preset-editor');
  await editor.getByLabel('Name').fill('Precise');
  await editor.getByLabel('System prompt').fill('Answer precisely.');
  // Every field says its range and what it does.
  await expect(editor.locator('#preset-temperature-hint')).toContainText('a number from 0 to 5. Randomness');
  await editor.getByTestId('param-temperature').fill('9');
  await editor.getByTestId('param-seed').fill('7');
  await editor.getByTestId('param-stop').fill('END');
  await editor.getByTestId('preset-save').click();
  await expect(editor.getByTestId('preset-error')).toContainText('temperature must be a number from 0 to 5');
  await expect(editor.getByTestId('param-temperature')).toHaveAttribute('aria-invalid', 'true');
  await editor.getByTestId('param-temperature').fill('0.2');
  await editor.getByTestId('preset-save').click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByTestId('preset-row')).toContainText('Precise');

  const chatId = await openNewChat(page, app.url, 'llama3.2');
  const picker = page.getByTestId('preset-picker');
  await picker.selectOption({ label: 'Precise' });
  await expect(page.getByText('Applied the preset “Precise”.')).toBeVisible();

  await send(page, 'Hello preset');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await answer.getByTestId('answer-params').locator('summary').click();
  await expect(answer.getByTestId('answer-param-Temperature')).toHaveText('0.2');
  await expect(answer.getByTestId('answer-param-Seed')).toHaveText('7');
  await expect(answer.getByTestId('answer-param-Stop sequences')).toHaveText('"END"');
  await expect(picker).toHaveValue(/.+/);

  const sent = fake.requests
    .filter((r) => r.path === '/api/chat')
    .map((r) => r.body as { options?: object; messages: { content: string }[] });
  const request = sent.find((b) => b.messages.some((m) => m.content === 'Hello preset'));
  expect(request?.options).toEqual({ temperature: 0.2, seed: 7, stop: ['END'] });
  expect(request?.messages[0]?.content).toBe('Answer precisely.');
});

test("a chat's settings: its system prompt and parameters, refused with the reason, saved and sent", async ({
  page,
  app,
  fake,
}) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await page.getByTestId('chat-settings-button').click();
  const dialog = page.getByTestId('chat-settings');
  // The system prompt takes the first focus.
  await expect(dialog.getByLabel('System prompt')).toBeFocused();
  await page.keyboard.type('Be brief.');
  await dialog.getByTestId('param-top_k').fill('-3');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByTestId('chat-settings-error')).toContainText('top_k');
  await dialog.getByTestId('param-top_k').fill('20');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);

  await send(page, 'Hello settings');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
  const request = fake.requests
    .filter((r) => r.path === '/api/chat')
    .map((r) => r.body as { options?: object; messages: { content: string }[] })
    .find((b) => b.messages.some((m) => m.content === 'Hello settings'));
  expect(request?.options).toEqual({ top_k: 20 });
  expect(request?.messages[0]?.content).toBe('Be brief.');
});

test.describe('generated titles', () => {
  test.use({ titles: true });

  test('a new chat gets a generated title in the sidebar without a reload', async ({ page, app }) => {
    await page.goto(app.url);
    await send(page, 'Tell me about ocean tides please');
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
    // The fake echoes the request, so its title is the first words of "Echo: <question>".
    const row = page.getByTestId('chat-item').first();
    await expect(row.getByTestId('chat-title')).toHaveText('Echo Tell me about ocean tides');
    await expect(page).toHaveTitle(/^Echo Tell me about ocean tides/);
  });
});
