// `npm run bench`: make sure the server build is current, then run bench/run.ts (tsx) in a child.
// Figures are printed next to the DESIGN §8 budgets; timings never fail the run.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, root } from './build-lib.cjs';

ensureBuilt(['server']);

const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'bench', 'run.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the child through the terminal's process group; SIGTERM is forwarded by hand.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
