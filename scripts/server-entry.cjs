// The server's entry point, copied to dist/server/server.js by the build (scripts/build-lib.mjs),
// next to a package.json that makes it CommonJS: an ES module entry would start Node's ESM loader,
// ~20 ms of CPU and ~3 MB for one file (`npm start` imports it from ESM, which works the same).
// It runs the bundle (dist/server/server-bundle.cjs) through a V8 code cache: compiling the bundle
// is about a fifth of the start-up CPU, and Node 20 has no module.enableCompileCache() (added in
// 22.1). The first start writes the cache; later starts skip most of the compiling. A cache V8
// rejects (another Node version or V8 flags) is rewritten; a cache that can't be written
// (read-only install) only costs the speed-up.
'use strict';
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
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
  const writeCache = cachedData === undefined || script.cachedDataRejected;
  return { script, cacheFile, writeCache };
}

function run() {
  const filename = path.join(__dirname, 'server-bundle.cjs');
  const { script, cacheFile, writeCache } = compile(filename);
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(filename), bundle, filename, __dirname);
  if (!writeCache) return;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile); // atomic: two servers starting at once never read half a cache
  } catch {
    // no cache this time
  }
}

run();
