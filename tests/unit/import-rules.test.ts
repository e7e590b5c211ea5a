import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The import rules are only worth something if breaking one fails `npm run lint:deps`. This runs the
// repository's dependency-cruiser config (the same CLI and file npm test uses) on a miniature src/ with one
// deliberate violation per rule (tests/fixtures/import-rules), in a temp directory with stub packages.
const root = path.resolve(import.meta.dirname, '../..');
const configFile = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
const fixture = path.join(root, 'tests', 'fixtures', 'import-rules', 'src');
const STUB_PACKAGES = ['better-sqlite3', 'hono', 'kysely', 'ollama', 'pino', 'zod'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fixtureCopy({ withoutBadFiles = false } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'import-rules-'));
  tempDirs.push(dir);
  cpSync(fixture, path.join(dir, 'src'), {
    recursive: true,
    filter: (src) => !(withoutBadFiles && path.basename(src).startsWith('bad-')),
  });
  for (const name of STUB_PACKAGES) {
    const pkg = path.join(dir, 'node_modules', name);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name, version: '0.0.0', type: 'module' }));
    writeFileSync(path.join(pkg, 'index.js'), 'export {};\n');
  }
  return dir;
}

function cruise(dir: string, outputType: 'json' | 'err') {
  const r = spawnSync(depcruise, ['src', '--config', configFile, '--output-type', outputType], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return r;
}

function violationsIn(dir: string): Violation[] {
  const result = JSON.parse(cruise(dir, 'json').stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

// Each case spawns the CLI (a few seconds on a busy machine).
describe('import rules (.dependency-cruiser.cjs)', { timeout: 60_000 }, () => {
  it('reports each deliberate violation, naming the rule, the importer and the import', () => {
    const violations = violationsIn(fixtureCopy());

    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()).toEqual(
      [
        'gui-not-to-backend: src/gui/bad-backend.ts → src/backend/service.ts',
        'backend-not-to-gui: src/server.ts → src/gui/app.ts',
        'only-ollama-client-imports-ollama: src/backend/chat-manager/bad-ollama.ts → node_modules/ollama/index.js',
        'only-history-manager-touches-sql: src/backend/chat-manager/bad-sql.ts → node_modules/kysely/index.js',
        'http-calls-only-the-service: src/backend/http/bad-layer.ts → src/backend/history-manager/index.ts',
        'http-packages-are-hono-and-zod: src/backend/http/bad-package.ts → node_modules/pino/index.js',
        'shared-imports-only-shared: src/shared/bad-zod.ts → node_modules/zod/index.js',
        'utils-imports-only-shared: src/utils/bad-backend.ts → src/backend/ollama-client/index.ts',
        'no-module-cycles: src/backend/chat-manager/queue.ts → src/backend/chat-manager/runner.ts',
        'no-folder-cycles: src/backend/history-manager → src/backend/model-manager',
        'no-folder-cycles: src/backend/model-manager → src/backend/history-manager',
        'not-to-unresolvable: src/backend/chat-manager/bad-missing.ts → ./does-not-exist',
      ].sort(),
    );
    expect(violations.every((v) => v.rule.severity === 'error')).toBe(true);

    const config = createRequire(import.meta.url)(configFile) as { forbidden: { name: string }[] };
    const fired = new Set(violations.map((v) => v.rule.name));
    expect(config.forbidden.map((rule) => rule.name).filter((name) => !fired.has(name))).toEqual([]);
  });

  it('fails the command that npm test runs', () => {
    const r = cruise(fixtureCopy(), 'err');

    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain('12 dependency violations (12 errors');
  });

  it('passes the allowed imports: http → service, errors, schemas, shared, utils, hono, zod, node:*', () => {
    const dir = fixtureCopy({ withoutBadFiles: true });
    // Besides the bad-* files, undo the cycles and the entry point's GUI import to see a clean run.
    rmSync(path.join(dir, 'src/backend/history-manager/model-usage.ts'));
    writeFileSync(path.join(dir, 'src/backend/chat-manager/runner.ts'), 'export const run = (): unknown => 1;\n');
    writeFileSync(
      path.join(dir, 'src/server.ts'),
      "import { BackendService } from './backend/service';\nexport const start = () => new BackendService();\n",
    );
    expect(readdirSync(path.join(dir, 'src/backend/http')).sort()).toEqual(['routes.ts']);

    const r = cruise(dir, 'err');

    expect(r.stdout).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });
});
