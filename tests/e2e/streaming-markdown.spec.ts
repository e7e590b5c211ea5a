import { lastAnswer, newChat, send } from './actions';
import { expect, test } from './fixtures';

/** Distance from the view's bottom to the end of the message list, in px. */
const gapToEnd = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;

test.describe('a long markdown answer streaming in', () => {
  // The fake sends `huge` in 64 KB batches: the GUI gets it in a burst and renders it a few frames at a time.
  test.use({ fakeOptions: { hugeTokens: 3000 } });

  test('follows the end and ends with every block rendered: code highlighted, math, tables', async ({ page, app }) => {
    const chatId = await newChat(app.url, 'huge');
    await page.goto(`${app.url}/c/${chatId}`);
    await send(page, 'write a lot');
    const answer = lastAnswer(page);
    const list = page.getByTestId('message-list');
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await expect.poll(() => list.evaluate(gapToEnd)).toBeLessThanOrEqual(48);
    await expect(page.getByTestId('scroll-to-bottom')).toHaveCount(0);
    // The end of the text is there, rendered as markdown (the fake's filler after its last whole section).
    await expect(answer).toContainText('The end and more');
    const lastSection = answer.locator('h2').last();
    await expect(lastSection).toBeVisible();
    // The blocks near the end: a table, display and inline math (KaTeX), a code block whose colours
    // arrive from the highlighting worker.
    await expect(answer.locator('table').last()).toBeVisible();
    await expect(answer.locator('[data-math="display"] .katex').last()).toBeVisible();
    await expect(answer.locator('[data-math="inline"] .katex').last()).toBeVisible();
    const code = answer.locator('[data-code-block]').last();
    await expect(code).toBeVisible();
    await expect(code.locator('.shiki-token').first()).toBeAttached({ timeout: 10_000 });
    // Highlighting changes colours only, never the text.
    const language = await code.getAttribute('data-language');
    expect(language).not.toBe('text');
    expect((await code.locator('code').textContent())?.length ?? 0).toBeGreaterThan(10);
  });
});
