/**
 * Opening a chat does the work of what it shows, once (issue 12). The first chat opened after the app loads used to
 * mount its answers again and again in renders React threw away (a deferred value with an initial value, in each
 * answer's markdown): ~5,100 elements created to show three answers, 50–100 ms of main thread. The count of
 * elements created is what this test reads: unlike a time, it does not depend on the machine.
 */
import type { ImportReport } from '../../src/shared/portability-api';
import { expect, test } from './fixtures';

function transcript(pairs: number): string {
  const parts = ['---', 'format: ollama-chat.transcript', 'version: 1', 'title: "Three answers"', '---', ''];
  for (let i = 1; i <= pairs; i++) {
    parts.push('## User', '', `Question ${i}?`, '');
    parts.push('## Assistant', '', `Answer **${i}**, with a list:`, '', `- point one of ${i}`, '- point two', '');
  }
  return parts.join('\n');
}

test('the first chat opened after the app loads creates its elements once', async ({ page, app }) => {
  const res = await fetch(`${app.url}/api/import?name=three.md`, { method: 'POST', body: transcript(3) });
  expect(res.status).toBe(200);
  const chatId = ((await res.json()) as ImportReport).imported[0]?.chatId;
  await page.addInitScript(() => {
    const create = Document.prototype.createElement;
    const w = window as unknown as { __created: number };
    w.__created = 0;
    Document.prototype.createElement = function (this: Document, ...args: Parameters<Document['createElement']>) {
      w.__created += 1;
      return create.apply(this, args);
    } as Document['createElement'];
  });
  await page.goto(app.url);
  const link = page.locator(`a[href="/c/${chatId}"]`);
  await expect(link).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { __created: number }).__created = 0;
  });
  await link.click();
  // Every answer parsed as markdown (a list of two points each), then a moment for any work left behind.
  await expect(page.getByTestId('message-assistant').locator('li')).toHaveCount(6);
  await page.waitForTimeout(1000);
  const created = await page.evaluate(() => (window as unknown as { __created: number }).__created);
  // About 140 with the answers mounted once (rows, plain text, then markdown, menus, the header's controls).
  expect(created).toBeLessThan(1000);
});
