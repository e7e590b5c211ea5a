// The server's entry point, copied to dist/server/server.js by the build (scripts/build-lib.mjs).
// It runs the bundle (dist/server/server-bundle.cjs) through a V8 code cache: compiling the 1.5 MB
// bundle is about a fifth of the start-up CPU, and Node 20 has no module.enableCompileCache()
// (added in 22.1). The first start writes the cache; later starts skip most of the compiling. A
// cache V8 rejects (another Node version or V8 flags) is rewritten; a cache that can't be written
// (read-only install) only costs the speed-up.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const filename = path.join(here, 'server-bundle.cjs');
// The bundle is ASCII (esbuild escapes the rest), so latin1 decodes it exactly and fastest.
const source = readFileSync(filename, 'latin1');
const st = statSync(filename);
const flags = process.execArgv.join(' ').replace(/[^\w=.-]+/g, '_');
const cacheFile = path.join(
  here,
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
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(filename), module, filename, here);
if (cachedData === undefined || script.cachedDataRejected) {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile); // atomic: two servers starting at once never read half a cache
  } catch {
    // no cache this time
  }
}
