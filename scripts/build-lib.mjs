// Shared by start/test/bench scripts: build the server bundle and the GUI only when their sources changed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(path.join(root, p));
  return newest;
}

function stampOf(file) {
  try {
    return Number(readFileSync(file, 'utf8'));
  } catch {
    return -1;
  }
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`\n${what} failed (exit ${r.status}).\n`);
    process.exit(r.status ?? 1);
  }
}

const TARGETS = {
  server: {
    inputs: ['src/server.ts', 'src/backend', 'src/shared', 'src/utils', 'package-lock.json'],
    output: 'dist/server/server.js',
    build: () =>
      run(
        bin('esbuild'),
        // Dependencies are bundled too (all but the native SQLite binding): it halves cold start and
        // trims memory, because Node parses one tree-shaken file instead of resolving hundreds.
        [
          'src/server.ts',
          '--bundle',
          '--platform=node',
          '--format=esm',
          '--target=node20',
          '--external:better-sqlite3',
          '--minify-syntax',
          '--sourcemap',
          '--log-level=warning',
          "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
          '--outfile=dist/server/server.js',
        ],
        'Building the server',
      ),
  },
  gui: {
    inputs: ['src/gui', 'src/shared', 'vite.config.ts', 'package-lock.json'],
    output: 'dist/gui/index.html',
    build: () => run(bin('vite'), ['build', '--logLevel', 'warn'], 'Building the GUI'),
  },
};

/** Builds what is missing or older than its sources; `npm start` never rebuilds a current build. */
export function ensureBuilt(names = ['server', 'gui'], { quiet = false } = {}) {
  for (const name of names) {
    const t = TARGETS[name];
    const stampFile = path.join(root, 'dist', `.${name}-stamp`);
    const sourcesAt = newestMtime(t.inputs);
    if (existsSync(path.join(root, t.output)) && stampOf(stampFile) >= sourcesAt) continue;
    if (!quiet) process.stdout.write(`Building ${name}…\n`);
    t.build();
    mkdirSync(path.dirname(stampFile), { recursive: true });
    writeFileSync(stampFile, String(sourcesAt));
  }
}
