/** Import, export and backup from the GUI (issue #9), against the built app and the fake Ollama. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'import');

test('imports the ChatGPT export from the sidebar, then exports one of its chats', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'chatgpt-conversations.json'));

  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('Imported 2 chats');
  await expect(page.getByTestId('import-imported')).toContainText('Sourdough Starter Names');
  await report.getByRole('button', { name: 'Close' }).last().click();
  await expect(report).toBeHidden();

  const list = page.getByTestId('chat-list');
  await expect(list.getByText('Sourdough Starter Names')).toBeVisible();
  await expect(list.getByText('Monstera cat safety')).toBeVisible();

  await list.getByText('Sourdough Starter Names').click();
  await page.getByTestId('export-menu-button').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(json.suggestedFilename()).toMatch(/^sourdough-starter-names-\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(readFileSync((await json.path()) as string, 'utf8'));
  expect(doc.format).toBe('ollama-chat.export');
  expect(doc.chats[0].title).toBe('Sourdough Starter Names');
  expect(doc.chats[0].messages).toHaveLength(6);

  await page.getByTestId('export-menu-button').click();
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()]);
  expect(md.suggestedFilename()).toMatch(/\.md$/);
  expect(readFileSync((await md.path()) as string, 'utf8')).toContain('## Assistant');
});

test('a file dropped on the sidebar is imported, and a second import reports what it skipped', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  const content = readFileSync(path.join(FIXTURES, 'hollama-export.json'), 'utf8');
  const drop = async () => {
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'hollama-sessions.json', { type: 'application/json' }));
      return dt;
    }, content);
    await page.getByTestId('sidebar').dispatchEvent('dragover', { dataTransfer: transfer });
    await page.getByTestId('sidebar').dispatchEvent('drop', { dataTransfer: transfer });
  };
  await drop();
  await expect(page.getByTestId('import-summary')).toContainText('Imported 2 chats');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chat-list').getByRole('link')).toHaveCount(2);

  await drop();
  await expect(page.getByTestId('import-summary')).toContainText('No chats were imported');
  await expect(page.getByTestId('import-skipped')).toContainText('imported before');
});

test('Settings offers the export of all chats and a backup as downloads', async ({ page, app }) => {
  await page.goto(`${app.url}/settings`);
  const [all] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all').click()]);
  expect(all.suggestedFilename()).toMatch(/^ollama-chat-export-\d{4}-\d{2}-\d{2}\.json$/);
  const [backup] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-backup').click()]);
  expect(backup.suggestedFilename()).toMatch(/^ollama-chat-backup-\d{4}-\d{2}-\d{2}\.sqlite$/);
  expect(
    readFileSync((await backup.path()) as string)
      .subarray(0, 15)
      .toString(),
  ).toBe('SQLite format 3');
});
