// The server's entry point, copied to dist/server/server.js by the build (scripts/build-lib.cjs),
// next to a package.json that makes it CommonJS: an ES module entry would start Node's ESM loader,
// ~20 ms of CPU and ~3 MB for one file (`npm start`, scripts/start.cjs, requires it after its build check).
// It runs the bundle (dist/server/server-bundle.cjs) through a V8 code cache: compiling the bundle
// is about a fifth of the start-up CPU, and Node 20 has no module.enableCompileCache() (added in
// 22.1). The first start writes the cache; later starts skip most of the compiling. A cache V8
// rejects (another Node version or V8 flags) is rewritten; a cache that can't be written
// (read-only install, full disk) only costs the speed-up, and never stops the server.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

// Everything in functions, so the 2 MB source string and the cache Buffer are garbage once the
// bundle has run (V8 keeps what it needs), instead of staying referenced for the process's life.
function compile(filename) {
  // The bundle is ASCII (esbuild escapes the rest), so latin1 decodes it exactly and fastest.
  const source = readFileSync(filename, 'latin1');
  const st = statSync(filename);
  const flags = process.execArgv.join(' ').replace(/[^\w=.-]+/g, '_');
  const cacheFile = path.join(
    __dirname,
    '.v8-cache',
    `${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}-${process.arch}-${flags}.bin`,
  );
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    cachedData,
  });
  const needsWrite = cachedData === undefined || script.cachedDataRejected;
  return { script, cacheFile, needsWrite };
}

// The process event src/server.ts emits once the server listens.
const LISTENING = 'ollama-chat:listening';

// A cache file's name as compile() makes it, or its tmp file while being written (`.bin.<pid>`).
const CACHE_NAME = /^\d+-\d+-v[\w.=-]+\.bin(?:\.\d+)?$/;
const HOUR_MS = 60 * 60 * 1000;

// A cache of another build of the bundle (its size-mtime prefix differs) can never be used again: it
// goes at once. Other keys of this build stay while they may be in use (a start with V8 flags on
// Node's command line has a key of its own, so two keys may take turns) and go once unwritten for 30
// days: another Node version, most likely gone (a cache hit does not rewrite its file, so a key in
// use that long costs one slower start). A tmp file an hour old was left by a start killed mid-write (writing takes
// milliseconds). Only our own file names in our own folder are touched, and nothing here throws.
function prune(dir, keep) {
  const build = `${keep.split('-', 2).join('-')}-`;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const now = Date.now();
  for (const entry of entries) {
    if (!entry.isFile() || entry.name === keep || !CACHE_NAME.test(entry.name)) continue;
    const maxAgeMs = entry.name.endsWith('.bin') ? 30 * 24 * HOUR_MS : HOUR_MS;
    const file = path.join(dir, entry.name);
    try {
      const otherBuild = !entry.name.startsWith(build) && entry.name.endsWith('.bin');
      if (otherBuild || now - statSync(file).mtimeMs > maxAgeMs) unlinkSync(file);
    } catch {
      // removed by another start meanwhile, or not ours to remove: it can wait
    }
  }
}

function writeCache(script, cacheFile) {
  const tmp = `${cacheFile}.${process.pid}`;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile); // atomic: two servers starting at once never read half a cache
  } catch {
    // no cache this time; a full disk leaves the tmp file half written
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
  // Also after a failed write: on a full disk, old caches are what can be freed.
  prune(path.dirname(cacheFile), path.basename(cacheFile));
}

function run() {
  const filename = path.join(__dirname, 'server-bundle.cjs');
  const { script, cacheFile, needsWrite } = compile(filename);
  const bundle = { exports: {} };
  // Written once the server listens (src/server.ts emits LISTENING), not right after the bundle's top
  // level ran: the cache then also holds the code that opened the database and built the app, which
  // V8 would otherwise compile again at every start. Before any V8 flag the server sets after that,
  // which would make V8 reject the cache at the next start.
  if (needsWrite) process.once(LISTENING, () => writeCache(script, cacheFile));
  script.runInThisContext()(bundle.exports, createRequire(filename), bundle, filename, __dirname);
}

run();
