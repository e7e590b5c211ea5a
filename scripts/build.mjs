// `npm run build [server] [gui]`: build dist/server and dist/gui now, with the same builders `npm start` uses
// (scripts/build-lib.cjs); start only rebuilds what is stale, this always rebuilds what it is asked for.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, root } from './build-lib.cjs';

const ALL = ['server', 'gui'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown build target ${unknown.join(', ')}; use ${ALL.join(' and/or ')}.\n`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : ALL;
// Without its stamp a target counts as stale, so ensureBuilt rebuilds it.
for (const name of names) rmSync(path.join(root, 'dist', `.${name}-stamp`), { force: true });
ensureBuilt(names);
