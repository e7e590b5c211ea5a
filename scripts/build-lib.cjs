// Shared by start/test/bench scripts: build the server bundle and the GUI only when their sources changed.
// CommonJS, because `npm start` runs it first (scripts/start.cjs): an ES module there would start
// Node's ESM loader before the server, a few ms of every start; the .mjs scripts import it all the same.
'use strict';
const {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

// The freshness check runs on every `npm start`, so it stays cheap: one readdir per directory (file
// types come with it, so directories are never stat'ed), one stat per file, and an input two targets
// share (src/shared, the lockfile) walked once per check (`walked`).
function newestMtime(paths, walked = new Map()) {
  const newestUnder = (full) => {
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st) return 0;
    if (!st.isDirectory()) return st.mtimeMs;
    let newest = 0;
    const visit = (dir) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else newest = Math.max(newest, statSync(p).mtimeMs);
      }
    };
    visit(full);
    return newest;
  };
  let newest = 0;
  for (const p of paths) {
    if (!walked.has(p)) walked.set(p, newestUnder(path.join(root, p)));
    newest = Math.max(newest, walked.get(p));
  }
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
  // Loaded here: a start with a current build never spawns, and child_process costs ~1.5 ms to load.
  const r = require('node:child_process').spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`\n${what} failed (exit ${r.status}).\n`);
    process.exit(r.status ?? 1);
  }
}

const TARGETS = {
  server: {
    inputs: [
      'src/server.ts',
      'src/backend',
      'src/shared',
      'src/utils',
      'scripts/server-entry.cjs',
      'package-lock.json',
    ],
    output: 'dist/server/server.js',
    // server.js is CommonJS only by the package.json beside it; without it Node fails to run it.
    alsoNeeds: ['dist/server/package.json', 'dist/server/server-bundle.cjs'],
    build: () => {
      run(
        bin('esbuild'),
        // Dependencies are bundled too (all but the native SQLite binding): it halves cold start and
        // trims memory, because Node parses one tree-shaken file instead of resolving hundreds.
        // CommonJS, because scripts/server-entry.cjs (copied to dist/server/server.js) runs it through
        // a V8 code cache, which Node 20 offers for scripts only.
        [
          'src/server.ts',
          '--bundle',
          '--platform=node',
          '--format=cjs',
          '--target=node20',
          '--external:better-sqlite3',
          // import() becomes require(): the entry runs the bundle through vm.Script, where a dynamic import
          // throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING (it broke an https OLLAMA_HOST, node-fetch.ts).
          '--supported:dynamic-import=false',
          '--minify-syntax',
          '--minify-whitespace',
          '--sourcemap',
          '--log-level=warning',
          '--define:import.meta.url=__server_bundle_url',
          "--banner:js=const __server_bundle_url = require('node:url').pathToFileURL(__filename).href;",
          '--outfile=dist/server/server-bundle.cjs',
        ],
        'Building the server',
      );
      copyFileSync(path.join(root, 'scripts', 'server-entry.cjs'), path.join(root, 'dist', 'server', 'server.js'));
      // server.js stays server.js for everyone who runs it, and is CommonJS (see server-entry.cjs).
      writeFileSync(path.join(root, 'dist', 'server', 'package.json'), '{ "type": "commonjs" }\n');
      rmSync(path.join(root, 'dist', 'server', '.v8-cache'), { recursive: true, force: true });
    },
  },
  gui: {
    inputs: ['src/gui', 'src/shared', 'vite.config.ts', 'package-lock.json'],
    output: 'dist/gui/index.html',
    build: () => run(bin('vite'), ['build', '--logLevel', 'warn'], 'Building the GUI'),
  },
};

/** Builds what is missing or older than its sources; `npm start` never rebuilds a current build. */
function ensureBuilt(names = ['server', 'gui'], { quiet = false } = {}) {
  const walked = new Map();
  for (const name of names) {
    const t = TARGETS[name];
    const stampFile = path.join(root, 'dist', `.${name}-stamp`);
    const sourcesAt = newestMtime(t.inputs, walked);
    const present = [t.output, ...(t.alsoNeeds ?? [])].every((f) => existsSync(path.join(root, f)));
    if (present && stampOf(stampFile) >= sourcesAt) continue;
    if (!quiet) process.stdout.write(`Building ${name}…\n`);
    t.build();
    mkdirSync(path.dirname(stampFile), { recursive: true });
    writeFileSync(stampFile, String(sourcesAt));
  }
}

module.exports = { ensureBuilt, root };
