/**
 * A chat longer than a page (MESSAGE_PAGE.default) opens from its end and loads the older messages as the reader
 * scrolls up (issue 12: a user with years of chats must not feel it).
 */
import type { Route } from '@playwright/test';
import { MESSAGE_PAGE } from '../../src/shared/limits';
import type { ImportReport } from '../../src/shared/portability-api';
import { expect, test } from './fixtures';

/** The message rows (a question's bubble, an answer). */
const ROWS = '[data-testid="message-user"], [data-testid="message-assistant"]';

/** Question/answer pairs: more messages than a page, so some are left above the first load. */
const PAIRS = 650;

/** The newest answers are long, the older ones short: placeholders (of the newest rows' mean height) are far off. */
const LONG_ANSWERS = 60;

/** A Markdown transcript (import-formats §4) of PAIRS numbered questions and answers. */
function transcript(): string {
  const parts = ['---', 'format: ollama-chat.transcript', 'version: 1', 'title: "A very long chat"', '---', ''];
  for (let i = 1; i <= PAIRS; i++) {
    parts.push('## User', '', `Question number ${i}?`, '');
    parts.push('## Assistant', '', `Answer number ${i}, in a paragraph of its own.`, '', `- point one of ${i}`, '');
    if (i > PAIRS - LONG_ANSWERS) {
      for (let p = 0; p < 12; p++)
        parts.push(`Paragraph ${p} of answer ${i}: ${'more words to read here '.repeat(12)}`, '');
    }
  }
  return parts.join('\n');
}

async function importLongChat(appUrl: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/import?name=long.md`, { method: 'POST', body: transcript() });
  expect(res.status).toBe(200);
  const report = (await res.json()) as ImportReport;
  const chatId = report.imported[0]?.chatId;
  if (!chatId) throw new Error(`nothing imported: ${JSON.stringify(report)}`);
  return chatId;
}

test('a long chat opens at its end; scrolling up loads the older messages without moving what the reader sees', async ({
  page,
  app,
}) => {
  const chatId = await importLongChat(app.url);
  // Hold the first page of older messages, to look at the view before and after it arrives.
  let held: Route | null = null;
  const olderAsked: string[] = [];
  await page.route('**/messages?before=*', (route) => {
    olderAsked.push(route.request().url());
    if (held === null) held = route;
    else void route.continue();
  });
  const firstLoad = page.waitForRequest((r) => r.url().includes(`/api/chats/${chatId}/messages`));
  await page.goto(`${app.url}/c/${chatId}`);
  expect((await firstLoad).url()).toContain(`limit=${MESSAGE_PAGE.default}`);
  const list = page.getByTestId('message-list');
  await expect(page.getByTestId('message-assistant').last()).toContainText(`Answer number ${PAIRS},`);
  // The rows keep their place in the whole chat: the last one is the chat's last message, not the page's.
  const lastRowIndex = await page
    .getByTestId('message-assistant')
    .last()
    .evaluate((el) => el.closest('[data-index]')?.getAttribute('data-index'));
  expect(lastRowIndex).toBe(String(PAIRS * 2 - 1));
  expect(olderAsked).toEqual([]);

  // Up, a screen at a time, until the rows near the first loaded message ask for the older ones.
  await expect
    .poll(
      async () => {
        await list.evaluate((el) => {
          el.scrollTop -= el.clientHeight;
        });
        return held !== null;
      },
      { timeout: 20_000, intervals: [50] },
    )
    .toBe(true);
  expect(olderAsked[0]).toContain(`limit=`);
  // A little further, until the first placeholders are rendered just above the view (the list renders a few rows
  // beyond its edges) while the view still shows messages.
  const placeholders = list.locator('[data-testid="older-placeholder"]');
  await expect
    .poll(
      async () => {
        await list.evaluate((el) => {
          el.scrollTop -= el.clientHeight / 4;
        });
        return placeholders.count();
      },
      { timeout: 20_000, intervals: [50] },
    )
    .toBeGreaterThan(0);
  // What the reader looks at now: the first message row whose top is in the view (its text names it: every
  // question and answer is numbered).
  const seen = await list.evaluate((el, rowsSelector) => {
    const view = el.getBoundingClientRect();
    const rows = [...el.querySelectorAll<HTMLElement>(rowsSelector)];
    const row = rows.find((r) => r.getBoundingClientRect().top >= view.top);
    return row ? { text: row.textContent ?? '', top: row.getBoundingClientRect().top } : null;
  }, ROWS);
  if (!seen) throw new Error('no message row in view');

  await (held as Route | null)?.continue();
  await expect(placeholders).toHaveCount(0);
  // Placeholders of a mean height became real messages above it: the same row is still where it was.
  const topOfSeen = () =>
    list.evaluate(
      (el, { text, rowsSelector }) => {
        const row = [...el.querySelectorAll<HTMLElement>(rowsSelector)].find((r) => r.textContent === text);
        return row ? row.getBoundingClientRect().top : null;
      },
      { text: seen.text, rowsSelector: ROWS },
    );
  // Once the frame that shows the new rows is drawn.
  await expect.poll(topOfSeen, { timeout: 5000 }).not.toBeNull();
  expect(Math.abs(((await topOfSeen()) as number) - seen.top)).toBeLessThanOrEqual(2);

  // All the way up: the chat's first question, and nothing left to load.
  await expect
    .poll(
      async () => {
        await list.evaluate((el) => {
          el.scrollTop = 0;
        });
        return page.getByTestId('message-user').first().textContent();
      },
      { timeout: 20_000 },
    )
    .toContain('Question number 1?');
  await expect(placeholders).toHaveCount(0);
  // The end is still the chat's end after the pages were put above it.
  await list.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByTestId('message-assistant').last()).toContainText(`Answer number ${PAIRS},`);
});
