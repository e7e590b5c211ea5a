/** `npx playwright test -c scripts/readme-screenshots.config.ts`: retakes the README's screenshots (docs/images). */
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

export default defineConfig({ ...base, testDir: '.', testMatch: 'readme-screenshots.spec.ts', timeout: 90_000 });
