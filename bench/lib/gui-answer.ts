import type { Page } from '@playwright/test';

/**
 * Sends `prompt` from the open chat's composer and resolves once its answer is complete. The wait is a
 * query for the finished answer, polled: a locator's wait also reads whether the element is visible (for
 * its log), a forced layout of everything streamed since the last frame, which the bench then counted
 * as the page's own long task.
 */
export async function sendAndAwaitAnswer(page: Page, prompt: string, timeoutMs: number): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(prompt);
  await input.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=message-assistant][data-status=complete]') !== null,
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
}
