import { startFakeOllama } from '../fakes/fake-ollama';
import { lastAnswer, openNewChat, send } from './actions';
import { expect, freePort, startApp, test } from './fixtures';

test('sends a message and renders the streamed answer as markdown with metrics', async ({ page, app }) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await send(page, 'Hello there');
  await expect(page.getByTestId('message-user').first()).toContainText('Hello there');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toContainText('Echo: Hello there');
  // **fake** is rendered as bold, not as asterisks.
  await expect(answer.locator('strong', { hasText: 'fake' })).toBeVisible();
  await expect(answer.getByTestId('message-metrics')).toContainText(/tok\/s/);
  // The composer is cleared and ready again.
  await expect(page.getByTestId('composer-input')).toHaveValue('');
  await expect(page.getByTestId('send-button')).toBeVisible();
});

test('Shift+Enter makes a new line instead of sending', async ({ page, app }) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  const input = page.getByTestId('composer-input');
  await input.fill('line one');
  await input.press('Shift+Enter');
  await input.pressSequentially('line two');
  await expect(input).toHaveValue('line one\nline two');
  await expect(page.getByTestId('message-user')).toHaveCount(0);
});

test('shows the typing indicator until the first token arrives', async ({ page, app }) => {
  // `loading` waits ~800 ms before its first chunk, like a model being loaded.
  const chatId = await openNewChat(page, app.url, 'loading');
  await send(page, 'hello?');
  await expect(page.getByTestId('typing-indicator')).toBeVisible();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('typing-indicator')).toHaveCount(0);
  await expect(lastAnswer(page)).toContainText('Echo: hello?');
});

test('Stop cancels the answer and keeps the partial text', async ({ page, app }) => {
  const chatId = await openNewChat(page, app.url, 'slow');
  await send(page, 'tell me something long');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer).not.toHaveText(/^\s*$/);
  await page.getByTestId('stop-button').click();
  await expect(answer).toHaveAttribute('data-status', 'cancelled');
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text as a reader sees it
  const shown = (await answer.innerText()).trim();
  expect(shown.length).toBeGreaterThan(0);
  await expect(page.getByTestId('send-button')).toBeVisible();
});

test.describe('with a slower model', () => {
  // 200 ms per token: the first answer lasts ~6 s, so the second message is surely still queued when checked.
  test.use({ fakeOptions: { tokenDelayMs: 200 } });
  test.describe.configure({ timeout: 60_000 });

  test('a message sent while an answer streams is queued and answered next', async ({ page, app, fake }) => {
    const chatId = await openNewChat(page, app.url, 'slow');
    await send(page, 'first');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
    await send(page, 'second');
    await expect(page.getByTestId('queued-badge')).toBeVisible();
    await expect(page.getByTestId('message-user')).toHaveCount(2);
    const answers = page.getByTestId('message-assistant');
    await expect(answers).toHaveCount(2);
    await expect(answers.nth(0)).toHaveAttribute('data-status', 'complete', { timeout: 25_000 });
    await expect(answers.nth(1)).toHaveAttribute('data-status', 'complete', { timeout: 25_000 });
    // The second answer was asked with the finished first answer in its context.
    const last = fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as { messages: { role: string }[] };
    expect(last.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});

test.describe('with a slower model, reloaded', () => {
  // 200 ms per token: the answer surely still streams after the reload, even on a busy machine.
  test.use({ fakeOptions: { tokenDelayMs: 200 } });
  test.describe.configure({ timeout: 60_000 });

  test('reloading mid-answer shows the text so far and keeps streaming live', async ({ page, app }) => {
    const chatId = await openNewChat(page, app.url, 'slow');
    await send(page, 'keep going');
    const answer = lastAnswer(page);
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    await expect(answer).toContainText('word3');
    await page.reload();
    const after = lastAnswer(page);
    // The snapshot brings back what was generated while the page was gone…
    await expect(after).toContainText('word3');
    await expect(after).toHaveAttribute('data-status', 'streaming');
    // …and live deltas continue to the end.
    await expect(after).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    await expect(after).toContainText('word30');
    const res = await fetch(`${app.url}/api/chats/${chatId}/messages`);
    const stored = (await res.json()) as { messages: { content: string }[] };
    const storedText = stored.messages[1]?.content ?? '';
    expect(storedText).toContain('word30');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text as a reader sees it
    expect((await after.innerText()).replace(/\s+/g, ' ')).toContain(storedText.replace(/\s+/g, ' ').trim().slice(-40));
  });
});

test('a failed answer says what happened, and Retry asks Ollama again', async ({ page, app, fake }) => {
  const chatId = await openNewChat(page, app.url, 'http500');
  await send(page, 'break please');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByTestId('message-error')).toBeVisible();
  await expect(answer.getByTestId('message-error')).not.toContainText('[object Object]');
  await expect(page.getByTestId('message-user')).toContainText('break please');
  const calls = () => fake.requests.filter((r) => r.path === '/api/chat').length;
  const before = calls();
  await answer.getByTestId('retry-button').click();
  await expect.poll(calls).toBe(before + 1);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
});

test('switching the model in the picker is used for the next answer', async ({ page, app, fake }) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await page.getByTestId('model-picker').click();
  await page.locator('[data-testid="model-option"][data-model="qwen3:8b"]').click();
  await expect(page.getByTestId('model-picker')).toContainText('qwen3');
  await send(page, 'think about it');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('thinking-section')).toBeVisible();
  const chatCalls = fake.requests.filter((r) => r.path === '/api/chat');
  const lastCall = chatCalls.at(-1);
  expect(lastCall).toBeDefined();
  expect((lastCall?.body as { model?: string } | undefined)?.model).toMatch(/^qwen3/);
});

test('refuses an image for a model without vision with a clear message', async ({ page, app }) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  await page.getByTestId('attach-input').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
  await page.getByTestId('composer-input').fill('what is in this picture?');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByText(/vision|can't see images|cannot see images/i).first()).toBeVisible();
  const res = await fetch(`${app.url}/api/chats/${chatId}/messages`);
  expect(((await res.json()) as { messages: unknown[] }).messages).toHaveLength(0);
});

test('the dark theme applies and survives a reload', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('theme-toggle').click();
  // The toggle cycles light → dark → system or similar; click until dark.
  for (let i = 0; i < 3 && !(await page.evaluate(() => document.documentElement.classList.contains('dark'))); i += 1) {
    await page.getByTestId('theme-toggle').click();
  }
  await expect(page.locator('html')).toHaveClass(/dark/);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(bg);
});

test('a banner says when Ollama is down and goes away by itself when it is back', async ({ page }) => {
  const port = await freePort();
  const app = await startApp({ OLLAMA_HOST: `http://127.0.0.1:${port}` });
  try {
    await page.goto(app.url);
    const banner = page.getByTestId('ollama-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(`127.0.0.1:${port}`);
    await expect(banner).toContainText('ollama serve');
    const fake = await startFakeOllama({ port });
    try {
      await expect(banner).toBeHidden({ timeout: 20_000 });
      await page.getByTestId('new-chat').click();
      await expect(page.getByTestId('model-picker')).toBeVisible();
    } finally {
      await fake.close();
    }
  } finally {
    await app.stop();
  }
});
