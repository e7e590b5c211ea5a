import { chatWithLongAnswer, lastAnswer, openNewChat, send } from './actions';
import { expect, test } from './fixtures';

/** Distance from the view's bottom to the end of the message list, in px. */
const gapToEnd = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;

test.describe('a long markdown answer streaming in', () => {
  // The fake sends `huge` in 64 KB batches: the GUI gets it in a burst and renders it a few frames at a time.
  test.use({ fakeOptions: { hugeTokens: 3000 } });

  test('follows the end and ends with every block rendered: code highlighted, math, tables', async ({ page, app }) => {
    const chatId = await openNewChat(page, app.url, 'huge');
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

test.describe('a long answer that arrives far ahead of its rendering', () => {
  test.use({ fakeOptions: { hugeTokens: 3000 } });

  test('renders its end first, where the reader is, not the whole text from the top down', async ({ page, app }) => {
    const chatId = await openNewChat(page, app.url, 'huge');
    // A first answer loads the markdown renderer, so the second is rendered as it streams in.
    await send(page, 'first');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    const firstId = await lastAnswer(page).getAttribute('data-message-id');
    // Which of the second answer's segments had ever rendered when its last one first did.
    await page.evaluate((firstId) => {
      const ever = new Set<number>();
      const w = window as unknown as { __atEnd: { slots: number; rendered: number } | null };
      w.__atEnd = null;
      new MutationObserver(() => {
        const answer = document.querySelector(`[data-testid=message-assistant]:not([data-message-id="${firstId}"])`);
        if (!answer || w.__atEnd !== null) return;
        const slots = [...answer.querySelectorAll('.markdown-segment-slot')];
        slots.forEach((slot, i) => {
          if (slot.querySelector('.markdown-segment')) ever.add(i);
        });
        const complete = answer.getAttribute('data-status') === 'complete';
        if (complete && !answer.querySelector('[data-catching-up]') && ever.has(slots.length - 1))
          w.__atEnd = { slots: slots.length, rendered: ever.size };
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, firstId);
    await send(page, 'write a lot');
    // Two long answers overflow the fake's 4k context: send anyway.
    await page.getByRole('button', { name: 'Send anyway' }).click();
    // The fake sends it all at once: the end renders without the text above it rendered first (it did,
    // top down, segment after segment, for seconds with a 100 KB answer).
    const atEnd = await page.waitForFunction(
      () => (window as unknown as { __atEnd: { slots: number; rendered: number } | null }).__atEnd,
      undefined,
      { timeout: 30_000 },
    );
    const { slots, rendered } = (await atEnd.jsonValue()) as { slots: number; rendered: number };
    expect(slots).toBeGreaterThan(8);
    expect(rendered).toBeLessThan(slots / 2);
    const answer = lastAnswer(page);
    await expect(answer.locator('.markdown-segment').last()).toContainText('The end and more');
    await expect(answer.locator('.markdown-segment').last()).toBeInViewport();
    await expect(page.getByTestId('scroll-to-bottom')).toHaveCount(0);
  });
});

test.describe('a long finished answer opened from history', () => {
  // ~45 KB of dense markdown: dozens of segments, far more than a screen.
  test.use({ fakeOptions: { hugeTokens: 8000 } });

  test('renders the end first, the top when scrolled to, and keeps the view in place meanwhile', async ({
    page,
    app,
  }) => {
    const chatId = await chatWithLongAnswer(page, app.url);

    // Open it again from history, recording the order in which its segments get rendered.
    await page.goto(app.url);
    await page.evaluate(() => {
      const order: number[] = [];
      (window as unknown as { __order: number[] }).__order = order;
      new MutationObserver(() => {
        const slots = [...document.querySelectorAll('[data-testid=message-assistant] .markdown-segment-slot')];
        slots.forEach((slot, i) => {
          if (slot.querySelector('.markdown-segment') && !order.includes(i)) order.push(i);
        });
      }).observe(document.body, { subtree: true, childList: true });
    });
    await page.locator(`a[href="/c/${chatId}"]`).first().click();
    const answer = lastAnswer(page);
    const list = page.getByTestId('message-list');
    await expect(answer.locator('.markdown-segment').last()).toContainText('The end and more');
    await expect(answer.locator('.markdown-segment').last()).toBeInViewport();
    await expect.poll(() => list.evaluate(gapToEnd)).toBeLessThanOrEqual(48);
    const slots = await answer.locator('.markdown-segment-slot').count();
    expect(slots).toBeGreaterThan(20);
    // The first segment rendered is one at the end (on screen), not the answer's first.
    const order = await page.evaluate(() => (window as unknown as { __order: number[] }).__order);
    expect(order[0]).toBeGreaterThanOrEqual(slots - 4);
    expect(order).not.toContain(0);
    // Segments rendered ahead of the view cost no layout or paint per frame while off-screen: the browser
    // skips them (content-visibility), at their measured height.
    const skipped = () =>
      answer.evaluate(
        (el) =>
          [...el.querySelectorAll('.markdown-segment')].filter(
            (segment) => !segment.checkVisibility({ contentVisibilityAuto: true }),
          ).length,
      );
    await expect.poll(skipped).toBeGreaterThan(0);

    // Jump to the middle: once a block in view has rendered, the segments above it rendering (at their
    // real height, not the estimate) must not move it.
    const moved = await list.evaluate(
      (el) =>
        new Promise<{ before: number; after: number; renderedBefore: number; renderedAfter: number }>((resolve) => {
          el.scrollTop = el.scrollHeight / 2;
          const rendered = () => el.querySelectorAll('.markdown-segment').length;
          const view = el.getBoundingClientRect();
          let heading: Element | null = null;
          let before = 0;
          let renderedBefore = 0;
          let stableFrames = 0;
          let last = -1;
          const tick = () => {
            if (!heading) {
              heading =
                [...el.querySelectorAll('.markdown-segment p, .markdown-segment h2, .markdown-segment li')].find(
                  (h) => {
                    const r = h.getBoundingClientRect();
                    return r.height > 0 && r.top >= view.top && r.bottom <= view.bottom;
                  },
                ) ?? null;
              if (heading) {
                before = heading.getBoundingClientRect().top;
                renderedBefore = rendered();
              }
            } else {
              const n = rendered();
              stableFrames = n === last ? stableFrames + 1 : 0;
              last = n;
              if (stableFrames >= 30) {
                resolve({ before, after: heading.getBoundingClientRect().top, renderedBefore, renderedAfter: n });
                return;
              }
            }
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
    );
    expect(moved.renderedAfter).toBeGreaterThan(moved.renderedBefore);
    expect(Math.abs(moved.after - moved.before)).toBeLessThanOrEqual(2);
    await expect(page.getByTestId('scroll-to-bottom')).toBeVisible();

    // The top renders when scrolled to.
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect(answer.locator('.markdown-segment h2').first()).toHaveText(/Section 1:/);
    await expect(answer.locator('.markdown-segment h2').first()).toBeInViewport();
  });
});
