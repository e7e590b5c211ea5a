/** Attaching files in the browser: drop and paste, cards with token estimates, remove, send, cards after a reload. */
import type { Locator, Page } from '@playwright/test';
import { estimateTextTokens } from '../../src/shared/token-estimate';
import { tinyPdf } from '../support/tiny-pdf';
import { expect, test } from './fixtures';

interface FileSpec {
  name: string;
  type: string;
  bytes: number[];
}

const PYTHON = `def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n${'# padding line for a token count\n'.repeat(150)}`;
const file = (name: string, type: string, content: string | Buffer): FileSpec => ({
  name,
  type,
  bytes: Array.from(typeof content === 'string' ? Buffer.from(content) : content),
});

/** Dispatches a real `drop` (with a DataTransfer holding the files) on `target`. */
async function dropFiles(page: Page, target: Locator, files: FileSpec[]) {
  const dataTransfer = await page.evaluateHandle((specs: FileSpec[]) => {
    const dt = new DataTransfer();
    for (const f of specs) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, files);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/** Dispatches a `paste` whose clipboard holds the files, as a browser does for a pasted file. */
async function pasteFiles(target: Locator, files: FileSpec[]) {
  await target.evaluate((el, specs: FileSpec[]) => {
    const dt = new DataTransfer();
    for (const f of specs) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('attach by drop and paste, see token estimates, remove one, send; the cards survive a reload', async ({
  page,
  app,
  fake,
}) => {
  const chat = (await (
    await fetch(`${app.url}/api/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama3.2' }),
    })
  ).json()) as { id: string };
  await page.goto(`${app.url}/c/${chat.id}`);
  const input = page.getByTestId('composer-input');
  await expect(page.getByTestId('send-button')).toBeAttached();

  // A Python file under a misleading name and type, and a PDF, dropped together.
  await dropFiles(page, input, [
    file('fib.dat', 'application/octet-stream', PYTHON),
    file('report.pdf', 'application/pdf', tinyPdf(['Quarterly numbers', 'Second page'])),
  ]);
  const composerCards = page.getByRole('list', { name: 'Attached files' }).getByTestId('file-card');
  await expect(composerCards).toHaveCount(2);
  const py = composerCards.filter({ has: page.locator('[title="fib.dat"]') });
  await expect(py).toHaveAttribute('data-kind', 'text');
  // The same estimate the server and the context meter use (shared/token-estimate.ts), shown rounded.
  const tokens = estimateTextTokens(PYTHON);
  await expect(py.getByTestId('file-card-details')).toHaveText(`4.9 KB · ~${Math.round(tokens / 100) / 10}k tokens`);
  const pdf = composerCards.filter({ has: page.locator('[title="report.pdf"]') });
  await expect(pdf).toHaveAttribute('data-kind', 'pdf');
  await expect(pdf.getByTestId('file-card-details')).toContainText('2 pages');
  await expect(pdf.getByTestId('file-card-details')).toContainText('tokens');

  // A pasted note, and a pasted binary that is refused with a message naming it.
  await pasteFiles(input, [file('notes.md', 'text/markdown', '# Notes\n\nremember the milk\n')]);
  await expect(composerCards).toHaveCount(3);
  await pasteFiles(input, [file('tool.exe', 'application/x-msdownload', Buffer.from([0x4d, 0x5a, 0, 0, 3, 0, 0, 0]))]);
  await expect(page.getByTestId('composer-error')).toContainText("“tool.exe” can't be attached");
  await expect(composerCards).toHaveCount(3);

  await composerCards
    .filter({ has: page.locator('[title="notes.md"]') })
    .getByTestId('file-card-remove')
    .click();
  await expect(composerCards).toHaveCount(2);

  await input.fill('what is in these?');
  await expect(page.getByTestId('send-button')).toBeEnabled();
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');

  // The model got both files as delimited blocks before the text; the removed one never left the browser.
  const sent = fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as {
    messages: Array<{ role: string; content: string }>;
  };
  const user = sent.messages.find((m) => m.role === 'user')?.content ?? '';
  expect(user).toContain('<file name="fib.dat">\ndef fib(n):');
  expect(user).toContain('<file name="report.pdf" pages="2">\n--- page 1 ---\nQuarterly numbers');
  expect(user).not.toContain('remember the milk');
  expect(user.endsWith('</file>\n\nwhat is in these?')).toBe(true);

  await page.reload();
  const sentCards = page.getByTestId('message-user').getByTestId('file-card');
  await expect(sentCards).toHaveCount(2);
  await expect(sentCards.filter({ has: page.locator('[title="report.pdf"]') })).toContainText('2 pages');
  // A text file opens in the viewer with its own text.
  await sentCards
    .filter({ has: page.locator('[title="fib.dat"]') })
    .getByTestId('file-card-open')
    .click();
  await expect(page.getByTestId('file-viewer')).toContainText('def fib(n):');
});
