import type { Page } from '@playwright/test';

/**
 * Sends `prompt` from the open chat's composer and resolves once its answer is complete. The page tells
 * us (a mutation observer on the answers' status), rather than the bench asking: a locator's wait
 * also reads whether the element is visible (for its log), a forced layout of everything streamed since
 * the last frame that the bench then counted as the page's own long task, and polling a query costs the
 * page a task every few dozen milliseconds for the whole stream.
 */
export async function sendAndAwaitAnswer(page: Page, prompt: string, timeoutMs: number): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(prompt);
  const complete = page.evaluate((ms) => {
    const selector = '[data-testid=message-assistant][data-status=complete]';
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`no complete answer within ${ms} ms`));
      }, ms);
      const observer = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      });
      observer.observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status'],
      });
    });
  }, timeoutMs);
  await input.press('Enter');
  await complete;
}
