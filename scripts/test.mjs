// `npm test`: type check, import rules, lint, unit/integration (vitest), end-to-end (Playwright in the system
// Chromium). Runs every stage, then prints one line "N passed, N failed[, N skipped]" and exits non-zero on any
// failure. The first three stages count as one test each.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, root } from './build-lib.cjs';
import { typecheckAll } from './typecheck.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results = path.join(root, 'test-results');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedStages = [];

function stage(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedStages.push(name);
  return r.status === 0;
}

function count(ok) {
  if (ok) totals.passed += 1;
  else totals.failed += 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

if (!existsSync(CHROMIUM)) {
  process.stderr.write(
    `Chromium is missing at ${CHROMIUM}; the end-to-end tests need it.\n` +
      'Install it with:  sudo apt-get install -y chromium   (or set CHROMIUM_PATH)\n',
  );
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

// 1. Types are part of the test: every project (shared, gui, server, tests/bench/scripts).
process.stdout.write('\n=== type check ===\n');
const typesOk = await typecheckAll();
if (!typesOk) failedStages.push('type check');
count(typesOk);

// 2. Import rules between folders (.dependency-cruiser.cjs, docs/architecture.md).
count(stage('import rules (dependency-cruiser)', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs']));

// 3. Lint and format (Biome).
count(stage('lint (Biome)', bin('biome'), ['check']));

// 4. Unit + integration.
const vitestJson = path.join(results, 'vitest.json');
stage('unit + integration (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestJson}`,
]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites && !v.numFailedTests ? v.numFailedTestSuites : 0);
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else {
  totals.failed += 1;
}

// 5. End-to-end against the built GUI.
ensureBuilt();
const e2eJson = path.join(results, 'e2e.json');
stage('end-to-end (Playwright, Chromium)', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
const e = readJson(e2eJson);
if (e?.stats) {
  totals.passed += e.stats.expected ?? 0;
  totals.failed += (e.stats.unexpected ?? 0) + (e.stats.flaky ?? 0);
  totals.skipped += e.stats.skipped ?? 0;
} else {
  totals.failed += 1;
}

if (failedStages.length > 0) process.stdout.write(`\nFailed stages: ${failedStages.join(', ')}\n`);
if (failedStages.length > 0 && totals.failed === 0) totals.failed = failedStages.length;
process.stdout.write(
  `\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`,
);
process.exit(totals.failed > 0 || failedStages.length > 0 ? 1 : 0);
