// Times what `npm start` does before it runs the server: the "is the build current?" check of
// scripts/build-lib.cjs. Builds are never run from here: spawnSync (what the builders call) is
// replaced first, so a stale build is reported ({"wouldBuild": …}) instead of rebuilt.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const childProcess = require('node:child_process');
childProcess.spawnSync = (cmd, args = []) => {
  const what = [cmd, ...args].join(' ').includes('vite') ? 'gui' : 'server';
  process.stdout.write(`${JSON.stringify({ wouldBuild: what })}\n`);
  process.exit(0);
};
syncBuiltinESMExports();

const t0 = performance.now();
const { ensureBuilt } = await import('../scripts/build-lib.cjs');
const t1 = performance.now();
ensureBuilt(['server', 'gui'], { quiet: true });
const t2 = performance.now();
process.stdout.write(`${JSON.stringify({ wouldBuild: null, importMs: t1 - t0, checkMs: t2 - t1 })}\n`);
