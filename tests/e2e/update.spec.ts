/**
 * Ollama Chat updated and restarted while a tab stayed open: the tab still runs the old GUI, and says so
 * once the server is back, with a Reload that brings the new one (and loses nothing).
 *
 * The "new build" is the built GUI with one more module script ahead of its entry: the server reports the
 * first module script of the index.html it serves as its build (Health.gui), so the two builds differ the
 * way two real builds do (another script address) while both still run the same, working app.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openNewChat, send } from './actions';
import { type AppServer, expect, startApp, test } from './fixtures';

const builtGui = path.resolve(import.meta.dirname, '../../dist/gui');

/** A copy of the built GUI that names another module script first, as a later build would. */
function laterBuild(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-gui-'));
  cpSync(builtGui, dir, { recursive: true });
  writeFileSync(path.join(dir, 'assets', 'later-build.js'), 'export {};\n');
  const index = path.join(dir, 'index.html');
  const html = readFileSync(index, 'utf8');
  writeFileSync(index, html.replace('<head>', '<head><script type="module" src="/assets/later-build.js"></script>'));
  // Its precompressed twins would be served instead, with the old text.
  for (const twin of ['index.html.br', 'index.html.gz']) rmSync(path.join(dir, twin), { force: true });
  return dir;
}

test('a tab left open across an update offers a reload, and the reload brings the new build', async ({
  page,
  app,
  fake,
}) => {
  const chatId = await openNewChat(page, app.url, 'llama3.2');
  await send(page, 'kept across the update');
  await expect(page.getByTestId('message-assistant')).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('update-banner')).toHaveCount(0);

  // The update: the server stops, and starts again on the same port and data with the later GUI.
  const gui = laterBuild();
  let next: AppServer | null = null;
  try {
    const stopped = new Promise((resolve) => app.child.once('exit', resolve));
    app.child.kill('SIGTERM');
    await stopped;
    next = await startApp({
      OLLAMA_HOST: fake.url,
      PORT: new URL(app.url).port,
      DATA_DIR: app.dataDir,
      GUI_DIR: gui,
    });

    const banner = page.getByTestId('update-banner');
    await expect(banner).toContainText('Ollama Chat was updated');
    await expect(page.getByTestId('message-user')).toContainText('kept across the update');

    // Reload loads the later build: the chat is all there, and nothing is offered any more once the
    // page has asked the server which build it serves.
    const health = page.waitForResponse((r) => r.url().endsWith('/api/health') && r.ok());
    await banner.getByRole('button', { name: 'Reload' }).click();
    await health;
    await expect(page.getByTestId('message-user')).toContainText('kept across the update');
    await expect(page.locator('script[src="/assets/later-build.js"]')).toHaveCount(1);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
  } finally {
    await next?.stop();
    rmSync(gui, { recursive: true, force: true });
  }
});
