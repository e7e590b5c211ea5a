import type { Page } from '@playwright/test';
import { chatWithLongAnswer, newChat, openNewChat, send } from './actions';
import { expect, test } from './fixtures';

/** Opens a chat from the sidebar, as a user does (no page load: the app keeps its state). */
async function openFromSidebar(page: Page, chatId: string) {
  await page.locator(`a[href="/c/${chatId}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/c/${chatId}$`));
}

const SLOW_ANSWER = `Slowly ${Array.from({ length: 29 }, (_, i) => `word${i + 2}`).join(' ')}`;

test.describe('two chats answering at once', () => {
  // 200 ms per token: each answer lasts ~6 s, so both are surely still running while we switch.
  test.use({ fakeOptions: { tokenDelayMs: 200 } });
  test.describe.configure({ timeout: 90_000 });

  test('switching chats while two answers stream, each comes back with its full answer', async ({ page, app }) => {
    const first = await newChat(app.url, 'slow');
    const second = await newChat(app.url, 'slow');
    await page.goto(`${app.url}/c/${first}`);
    await send(page, 'first question');
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', /queued|streaming/);

    await openFromSidebar(page, second);
    await expect(page.getByTestId('message-user')).toHaveCount(0);
    await send(page, 'second question');
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', /queued|streaming/);

    await openFromSidebar(page, first);
    const firstAnswer = page.getByTestId('message-assistant');
    await expect(page.getByTestId('message-user')).toHaveCount(1);
    await expect(page.getByTestId('message-user')).toContainText('first question');
    await expect(firstAnswer).toHaveCount(1);
    await expect(firstAnswer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await expect(firstAnswer.locator('p').first()).toHaveText(SLOW_ANSWER);

    await openFromSidebar(page, second);
    const secondAnswer = page.getByTestId('message-assistant');
    await expect(page.getByTestId('message-user')).toHaveCount(1);
    await expect(page.getByTestId('message-user')).toContainText('second question');
    await expect(secondAnswer).toHaveCount(1);
    await expect(secondAnswer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await expect(secondAnswer.locator('p').first()).toHaveText(SLOW_ANSWER);

    // What the server stored is what was shown.
    for (const id of [first, second]) {
      const res = await fetch(`${app.url}/api/chats/${id}/messages`);
      const { messages } = (await res.json()) as { messages: { content: string }[] };
      expect(messages[1]?.content).toBe(SLOW_ANSWER);
    }
  });
});

/** scrollTop of the message list after the page has drawn `frames` more frames. */
function scrollTopAfterFrames(page: Page, frames = 10): Promise<number> {
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve) => {
        const list = document.querySelector('[data-testid="message-list"]') as HTMLElement;
        let left = n;
        const tick = () => {
          left -= 1;
          if (left <= 0) resolve(list.scrollTop);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    frames,
  );
}

test.describe('leaving the bottom of a chat', () => {
  test.use({ fakeOptions: { hugeTokens: 3000, tokenDelayMs: 1 } });

  test('by setting scrollTop or by PageUp, the view stays where the reader put it', async ({ page, app }) => {
    await chatWithLongAnswer(page, app.url);
    const list = page.getByTestId('message-list');
    await expect(page.getByTestId('scroll-to-bottom')).toHaveCount(0);

    // A script (or find-in-page, or assistive technology) moves the view: no wheel, touch or key event.
    await list.evaluate((el) => {
      el.scrollTop = 200;
    });
    expect(await scrollTopAfterFrames(page)).toBe(200);
    await expect(page.getByTestId('scroll-to-bottom')).toBeVisible();

    // Back to the end, then PageUp with the focus on the page, not on the list.
    await page.getByTestId('scroll-to-bottom').click();
    await expect(page.getByTestId('scroll-to-bottom')).toHaveCount(0);
    // Rows below may still be measured after the jump: read the end once it has settled.
    const bottom = await scrollTopAfterFrames(page, 30);
    await page.getByTestId('message-assistant').last().locator('p').last().click();
    await page.keyboard.press('PageUp');
    await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeLessThan(bottom - 100);
    // PageUp scrolls smoothly: once it has settled, the view stays there.
    const settled = await scrollTopAfterFrames(page, 30);
    expect(settled).toBeLessThan(bottom - 100);
    expect(await scrollTopAfterFrames(page)).toBe(settled);
    await expect(page.getByTestId('scroll-to-bottom')).toBeVisible();
  });

  test('the wheel scrolls the list; once it is still, a hovered message shows its actions again', async ({
    page,
    app,
  }) => {
    await chatWithLongAnswer(page, app.url);
    const list = page.getByTestId('message-list');
    const box = await list.boundingBox();
    if (!box) throw new Error('no message list');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const bottom = await scrollTopAfterFrames(page, 30);
    // The rows under the pointer take no pointer events while the wheel turns; the list still scrolls.
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -400);
    await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeLessThan(bottom - 600);
    await expect(page.getByTestId('scroll-to-bottom')).toBeVisible();

    // Once the wheel is still, hovering works again: the question's actions (hidden until hover) fade in.
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
    const question = page.getByTestId('message-user').first();
    await question.hover();
    await expect
      .poll(() =>
        question
          .getByRole('button', { name: 'Copy message' })
          .evaluate((el) => getComputedStyle(el.parentElement as Element).opacity),
      )
      .toBe('1');
  });
});

test("the header's Delete asks first, then removes the open chat and returns to the welcome screen", async ({
  page,
  app,
}) => {
  const keep = await newChat(app.url, 'llama3.2', 'Keep me');
  const doomed = await openNewChat(page, app.url, 'llama3.2', 'Delete me');
  const deleteButton = page.getByRole('button', { name: 'Delete this chat' });

  await deleteButton.click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('“Delete me” and all its messages will be deleted.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/c/${doomed}$`));

  await deleteButton.click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(`${app.url}/`);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.locator(`a[href="/c/${doomed}"]`)).toHaveCount(0);
  await expect(page.locator(`a[href="/c/${keep}"]`)).toHaveCount(1);
  expect((await fetch(`${app.url}/api/chats/${doomed}`)).status).toBe(404);
});

test('deleting the open chat from its sidebar row returns to the welcome screen', async ({ page, app }) => {
  const doomed = await openNewChat(page, app.url, 'llama3.2', 'Row delete');
  await page.getByRole('button', { name: 'Actions for “Row delete”' }).click();
  await page
    .getByTestId('chat-row-menu')
    .getByRole('menuitem', { name: /Delete/ })
    .click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(`${app.url}/`);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.locator(`a[href="/c/${doomed}"]`)).toHaveCount(0);
});

test('a chat deleted while the reader moves to another one leaves them where they went', async ({ page, app }) => {
  const other = await newChat(app.url, 'llama3.2', 'Elsewhere');
  const doomed = await openNewChat(page, app.url, 'llama3.2', 'Slow delete');
  // The DELETE is held until the reader has opened the other chat.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(`**/api/chats/${doomed}`, async (route) => {
    if (route.request().method() !== 'DELETE') return route.continue();
    await held;
    await route.continue();
  });
  const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(doomed));
  await page.getByRole('button', { name: 'Delete this chat' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.locator(`a[href="/c/${other}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/c/${other}$`));
  release();
  expect((await deleted).status()).toBe(204);
  await expect(page.locator(`a[href="/c/${doomed}"]`)).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/c/${other}$`));
});
