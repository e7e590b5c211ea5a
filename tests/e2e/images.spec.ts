/**
 * Image generation in Chromium: pick an image model in the picker, generate with a progress bar,
 * see and download the image, reload mid-generation, cancel. Against the fake Ollama reporting an
 * old version (it streams steps and PNGs) and the fake OpenAI-compatible image server.
 */
import { readFileSync } from 'node:fs';
import { type FakeImageServer, IMAGE_SERVER_MODELS, startFakeImageServer } from '../fakes/fake-image-server';
import { lastAnswer, newChat, openNewChat, send } from './actions';
import { type AppServer, expect, startApp, test } from './fixtures';

test.use({ fakeOptions: { version: '0.20.1', imageStepDelayMs: 60, slowImageStepDelayMs: 400 } });

const IMAGE = 'x/flux-image:latest';
const SLOW = 'x/flux-image-slow:latest';

test('picks an image model, generates with progress, shows and downloads the image', async ({ page, app }) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await expect(page.getByTestId('image-options')).toHaveCount(0);
  await page.getByTestId('model-picker').click();
  const option = page.locator(`[data-testid="model-option"][data-model="${IMAGE}"]`);
  await expect(option.locator('[data-capability="image"]')).toBeVisible();
  await expect(option).toHaveAttribute('aria-disabled', 'false');
  await option.click();
  await expect(page.getByTestId('model-picker')).toHaveAttribute('data-model', IMAGE);

  // Ollama's image models take size, steps, seed and count.
  const options = page.getByTestId('image-options');
  await expect(options).toBeVisible();
  await page.getByTestId('image-size').selectOption('512x512');
  await page.getByTestId('image-steps').fill('12');
  await page.getByTestId('image-seed').fill('1234');
  // Every text the progress line shows, recorded as it changes: the steps last under a second here, and
  // polling for them could fall between two of Playwright's retries (100, 250, 500 ms apart), which
  // made this test fail about one run in seven.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progressTexts: string[] }).__progressTexts = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid=image-progress-text]')) {
        const text = el.textContent ?? '';
        if (seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await send(page, 'A lighthouse at dusk');

  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const progressTexts = await page.evaluate(() => (window as unknown as { __progressTexts: string[] }).__progressTexts);
  expect(progressTexts.some((text) => /step \d+ of 12/.test(text))).toBe(true);
  const img = answer.getByTestId('generated-image');
  await expect(img).toHaveCount(1);
  await expect
    .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  await expect(answer.getByTestId('image-record')).toContainText('seed 1234');
  await expect(answer.getByTestId('image-record')).toContainText('12 steps');

  const [download] = await Promise.all([page.waitForEvent('download'), answer.getByTestId('download-image').click()]);
  expect(download.suggestedFilename()).toBe('a-lighthouse-at-dusk-1234.png');
  const bytes = readFileSync((await download.path()) as string);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
});

test('a reload mid-generation shows the progress again, and Stop cancels it', async ({ page, app, fake }) => {
  const chatId = await openNewChat(page, app.url, SLOW);
  await page.getByTestId('image-steps').fill('30');
  await send(page, 'A very slow painting');
  await expect(lastAnswer(page).getByTestId('image-progress-text')).toContainText(/step [1-9]\d* of 30/);

  await page.reload();
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer.getByTestId('image-progress-text')).toContainText(/step \d+ of 30/);

  await page.getByTestId('stop-button').click();
  await expect(answer).toHaveAttribute('data-status', 'cancelled');
  await expect.poll(() => fake.generations.find((g) => g.model === SLOW)?.endedBy).toBe('client-abort');
  await expect(answer.getByTestId('generated-image')).toHaveCount(0);
});

test.describe('an OpenAI-compatible image server', () => {
  let server: FakeImageServer;
  let app2: AppServer;
  test.beforeEach(async ({ fake }) => {
    server = await startFakeImageServer({ apiKey: 'sk-e2e-secret', slowMs: 20_000 });
    app2 = await startApp({
      OLLAMA_HOST: fake.url,
      IMAGE_SERVER_URL: server.url,
      IMAGE_SERVER_API_KEY: 'sk-e2e-secret',
    });
  });
  test.afterEach(async () => {
    await app2.stop();
    await server.close();
  });

  test('its models are grouped under their backend; a slow one shows an indeterminate bar and can be cancelled', async ({
    page,
  }) => {
    const chatId = await newChat(app2.url, 'llama3.2');
    await page.goto(`${app2.url}/c/${chatId}`);
    await page.getByTestId('model-picker').click();
    await expect(page.getByTestId('model-group')).toHaveText(['Ollama', 'Image server']);
    await page.locator(`[data-testid="model-option"][data-model="${IMAGE_SERVER_MODELS.slow}"]`).click();
    // No steps on an OpenAI-style server.
    await expect(page.getByTestId('image-options')).toBeVisible();
    await expect(page.getByTestId('image-steps')).toHaveCount(0);
    await send(page, 'Take your time');
    const progress = lastAnswer(page).getByTestId('image-progress');
    await expect(progress).toHaveAttribute('data-indeterminate', 'true');
    await expect(lastAnswer(page).getByTestId('image-progress-text')).toContainText(/generating · \d+ s/);
    await page.getByTestId('stop-button').click();
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'cancelled');
    await expect.poll(() => server.aborted).toBe(1);
  });

  test('with "preload on open", opening a chat of its model asks nothing to load; a chat of an Ollama model does', async ({
    page,
  }) => {
    await fetch(`${app2.url}/api/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preloadOnOpen: true }),
    });
    const loads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/models\/.+\/load$/.test(r.url())) loads.push(decodeURIComponent(r.url()));
    });
    const imageChat = await newChat(app2.url, IMAGE_SERVER_MODELS.success);
    const textChat = await newChat(app2.url, 'llama3.2');
    await page.goto(`${app2.url}/c/${imageChat}`);
    // The model list is in: the composer knows the model makes images.
    await expect(page.getByTestId('image-options')).toBeVisible();
    await page.goto(`${app2.url}/c/${textChat}`);
    await expect.poll(() => loads.length).toBe(1);
    expect(loads[0]).toContain('/api/models/llama3.2/load');
  });
});
