import type { Page } from '@playwright/test';
import { newChat, openNewChat } from './actions';
import { expect, test } from './fixtures';

// Pulls take a few seconds, so a bar below 100 % can be seen before it completes.
test.use({ fakeOptions: { pullDurationMs: 3_000 } });

/** Sends a message through the API and waits until its answer is complete. */
async function answer(appUrl: string, chatId: string, content: string): Promise<void> {
  const res = await fetch(`${appUrl}/api/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
  });
  expect(res.status).toBe(202);
  const { assistantMessage } = (await res.json()) as { assistantMessage: { id: string } };
  await expect
    .poll(
      async () => {
        const r = await fetch(`${appUrl}/api/chats/${chatId}/messages`);
        const body = (await r.json()) as { messages: { id: string; status: string }[] };
        return body.messages.find((m) => m.id === assistantMessage.id)?.status;
      },
      { timeout: 15_000 },
    )
    .toBe('complete');
}

async function pull(page: Page, name: string) {
  await page.getByTestId('pull-input').fill(name);
  await page.getByTestId('pull-button').click();
}

const jobCard = (page: Page, model: string) => page.locator(`[data-testid="job-card"][data-model="${model}"]`);
const modelRow = (page: Page, model: string) => page.locator(`[data-testid="model-row"][data-model="${model}"]`);

test('pulls a model with a live progress bar and it appears in the list', async ({ page, app }) => {
  await page.goto(`${app.url}/models`);
  await expect(page.getByTestId('models-page')).toBeVisible();
  await expect(modelRow(page, 'llama3.2:latest')).toBeVisible();
  await expect(modelRow(page, 'qwen3:0.6b')).toHaveCount(0);

  await pull(page, 'qwen3:0.6b');
  const card = jobCard(page, 'qwen3:0.6b');
  await expect(card).toBeVisible();
  const bar = card.getByTestId('job-progress');
  await expect(bar).toHaveAttribute('role', 'progressbar');
  // Seen part-way, with bytes and a percentage…
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 })
    .toBeGreaterThan(0);
  await expect(card.getByTestId('job-stats')).toContainText(/ of .*%/);
  // …then complete.
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(card.getByTestId('job-stats')).toContainText('100%');
  // The list refreshes by itself: no reload.
  await expect(modelRow(page, 'qwen3:0.6b')).toBeVisible();
  await expect(page.getByTestId('toast').filter({ hasText: 'qwen3:0.6b is ready' })).toBeVisible();
});

test('several pulls run at once, survive a reload, and leave the page responsive', async ({ page, app }) => {
  const names = ['gemma3:1b', 'tinyllama', 'qwen3:0.6b', 'hf.co/org/repo:Q4_K_M'];
  await page.goto(`${app.url}/models`);
  for (const name of names) await pull(page, name);
  await expect(page.getByTestId('job-card')).toHaveCount(names.length);
  await expect(jobCard(page, 'gemma3:1b')).toHaveAttribute('data-status', /queued|running/);
  await page.reload();
  // After the reload the running jobs are listed again and followed to the end; with four downloads
  // under way the page still loads (event streams must not take every connection).
  await expect(jobCard(page, 'gemma3:1b')).toBeVisible();
  await expect(modelRow(page, 'llama3.2:latest')).toBeVisible();
  for (const name of names) {
    await expect(jobCard(page, name)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  }
  await expect(modelRow(page, 'gemma3:1b')).toBeVisible();
  await expect(modelRow(page, 'tinyllama:latest')).toBeVisible();
  await expect(modelRow(page, 'hf.co/org/repo:Q4_K_M')).toBeVisible();
});

test('cancels a pull', async ({ page, app, fake }) => {
  fake.setPullDurationMs(60_000);
  await page.goto(`${app.url}/models`);
  await pull(page, 'gemma3:1b');
  const card = jobCard(page, 'gemma3:1b');
  await expect(card).toHaveAttribute('data-status', 'running');
  await card.getByTestId('job-cancel').click();
  await expect(card).toHaveAttribute('data-status', 'cancelled');
  await expect(card.getByTestId('job-cancel')).toHaveCount(0);
  await expect(modelRow(page, 'gemma3:1b')).toHaveCount(0);
});

test('refuses a malformed name before sending, and explains an unknown one on the card', async ({
  page,
  app,
  fake,
}) => {
  await page.goto(`${app.url}/models`);
  await pull(page, 'bad name!');
  await expect(page.getByTestId('pull-error')).toContainText('no spaces');
  expect(fake.requests.filter((r) => r.path === '/api/pull')).toHaveLength(0);

  await pull(page, 'no-such-model');
  const card = jobCard(page, 'no-such-model');
  await expect(card).toHaveAttribute('data-status', 'error');
  await expect(card.getByTestId('job-error')).toContainText('was not found on the registry');
});

test('deletes a model after a confirmation that names the chats using it', async ({ page, app }) => {
  await newChat(app.url, 'llava', 'Photo questions');
  await page.goto(`${app.url}/models`);
  await modelRow(page, 'llava:latest').click();
  await expect(page).toHaveURL(/\/models\/llava%3Alatest$/);
  await page.getByTestId('delete-model').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('Delete llava:latest?');
  await expect(dialog).toContainText('Photo questions');
  await dialog.getByTestId('confirm-button').click();
  await expect(page).toHaveURL(/\/models$/);
  await expect(modelRow(page, 'llama3.2:latest')).toBeVisible();
  await expect(modelRow(page, 'llava:latest')).toHaveCount(0);
  const res = await fetch(`${app.url}/api/models`);
  const list = (await res.json()) as { models: { name: string }[] };
  expect(list.models.map((m) => m.name)).not.toContain('llava:latest');
});

test('unloads a model that a chat answer loaded', async ({ page, app }) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  const input = page.getByTestId('composer-input');
  await input.fill('Hello');
  await expect(page.getByTestId('send-button')).toBeEnabled();
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');

  await page.getByTestId('models-link').click();
  const row = page.locator('[data-testid="running-model"][data-model="llama3.2:latest"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText(/GPU|CPU/);
  await expect(row.getByTestId('running-expiry')).toContainText(/\d+ (min|s)/);
  await row.getByTestId('unload-button').click();
  await expect(row).toHaveCount(0);
  const res = await fetch(`${app.url}/api/models/running`);
  expect(((await res.json()) as { models: unknown[] }).models).toHaveLength(0);
});

test('shows performance charts and the comparison table after a few answers', async ({ page, app }) => {
  await page.goto(`${app.url}/models/llama3.2%3Alatest`);
  await page.getByTestId('tab-performance').click();
  await expect(page.getByTestId('metrics-empty')).toBeVisible();

  const chatId = await newChat(app.url, 'llama3.2');
  await answer(app.url, chatId, 'first question');
  await answer(app.url, chatId, 'second question');
  await answer(app.url, chatId, 'third question');

  // Answers sent elsewhere (here: through the API) show up when the page is opened again.
  await page.reload();
  await expect(page.getByTestId('tab-performance')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('metrics-chart').first()).toBeVisible();
  await expect(page.getByTestId('metrics-chart')).toHaveCount(4);
  await expect(page.locator('[data-testid="metrics-chart"] canvas').first()).toBeVisible();
  const table = page.getByTestId('comparison-table');
  await expect(table).toBeVisible();
  await expect(table.locator('[data-testid="comparison-row"][data-model="llama3.2:latest"]')).toContainText('3');
});

test('checks for updates, shows the update like a pull, and marks answers of the old version', async ({
  page,
  app,
  fake,
}) => {
  const chatId = await newChat(app.url, 'llama3.2', 'Before the update');
  await answer(app.url, chatId, 'hello from the old version');
  fake.setRegistryDigest('llama3.2:latest', 'b'.repeat(64));

  await page.goto(`${app.url}/models`);
  await page.getByTestId('check-updates').click();
  const card = page.locator('[data-testid="job-card"][data-kind="update"][data-model="llama3.2:latest"]');
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(page.getByTestId('toast').filter({ hasText: 'llama3.2 was updated to a new version' })).toBeVisible();
  await expect(modelRow(page, 'llama3.2:latest')).toContainText('bbbbbbbbbbbb');

  await modelRow(page, 'llama3.2:latest').click();
  await page.getByTestId('tab-versions').click();
  const versions = page.getByTestId('model-versions');
  await expect(versions.getByTestId('model-version')).toHaveCount(2);
  await expect(versions.locator('[data-current="true"]')).toContainText('bbbbbbbbbbbb');

  await page.goto(`${app.url}/c/${chatId}`);
  await expect(page.getByTestId('message-assistant').first().getByTestId('older-version-marker')).toBeVisible();
});

test('with "preload on open", opening a chat loads its model', async ({ page, app }) => {
  await fetch(`${app.url}/api/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ preloadOnOpen: true }),
  });
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await expect
    .poll(async () => {
      const res = await fetch(`${app.url}/api/models/running`);
      return ((await res.json()) as { models: { name: string }[] }).models.map((m) => m.name);
    })
    .toContain('llama3.2:latest');
});

test('a long, virtualized list: opening a model and coming back returns to where the reader was', async ({
  page,
  app,
}) => {
  // The fake's 17 models, virtualized as a list of hundreds would be, in a window they overflow.
  await page.addInitScript(() => {
    (window as { __modelsVirtualizeAbove?: number }).__modelsVirtualizeAbove = 5;
  });
  await page.setViewportSize({ width: 1280, height: 480 });
  await page.goto(`${app.url}/models`);
  const scroller = page.getByTestId('models-page');
  await expect(page.getByTestId('model-row').first()).toBeVisible();
  await scroller.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  // Rows coming into view are measured and the list settles (its height, and so the end, may move).
  let last = '';
  await expect
    .poll(async () => {
      const now = await scroller.evaluate((el) => `${el.scrollTop}:${el.scrollHeight}`);
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
  // The row nearest the bottom of the window, fully in view (so clicking it scrolls nothing).
  const target = await page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid=model-row]')];
    const inView = rows.filter((r) => {
      const box = r.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    return inView.at(-1)?.dataset.model ?? null;
  });
  expect(target).not.toBeNull();
  const before = await scroller.evaluate((el) => el.scrollTop);
  expect(before).toBeGreaterThan(100);
  await modelRow(page, target as string).click();
  await expect(page).toHaveURL(/\/models\/.+/);
  await page.goBack();
  await expect(modelRow(page, target as string)).toBeVisible();
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(before);
});
