import type { Page } from '@playwright/test';

/** Sends `prompt` from the open chat's composer and resolves once its answer is complete. */
export async function sendAndAwaitAnswer(page: Page, prompt: string, timeoutMs: number): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(prompt);
  await input.press('Enter');
  await page
    .locator('[data-testid=message-assistant][data-status=complete]')
    .waitFor({ timeout: timeoutMs, state: 'attached' });
}
