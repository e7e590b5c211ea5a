import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (evaluate bypasses our CSP, which rightly blocks injected scripts). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the welcome screen and a chat have no serious accessibility violations (${scheme})`, async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(app.url);
    await expect(page.getByTestId('composer-input')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    const input = page.getByTestId('composer-input');
    await page.getByTestId('model-picker').click();
    await page.locator('[data-testid="model-option"][data-model="llama3.2:latest"]').click();
    await input.fill('Check **contrast** and `code`');
    await expect(page.getByTestId('send-button')).toBeEnabled();
    await input.press('Enter');
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
    expect(await seriousViolations(page)).toEqual([]);
  });
}
