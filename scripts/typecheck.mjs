// `npm run typecheck`: every TypeScript project, two at a time (one per core), each with its own globals:
// shared sees neither DOM nor Node, the GUI sees the DOM, the server sees Node, tests/bench/scripts see both.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './build-lib.cjs';

export const PROJECTS = ['tsconfig.shared.json', 'tsconfig.gui.json', 'tsconfig.server.json', 'tsconfig.json'];

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', project], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ project, ok: code === 0, output }));
  });
}

/** Checks all projects; prints each one's result (and errors) in order. Resolves true when all pass. */
export async function typecheckAll(projects = PROJECTS, parallel = 2) {
  const results = new Array(projects.length);
  let next = 0;
  const worker = async () => {
    while (next < projects.length) {
      const i = next++;
      results[i] = await check(projects[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, projects.length) }, worker));
  for (const r of results) {
    process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} tsc -p ${r.project}\n`);
    if (!r.ok) process.stdout.write(r.output);
  }
  return results.every((r) => r.ok);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const projects = process.argv.slice(2);
  process.exit((await typecheckAll(projects.length ? projects : PROJECTS)) ? 0 : 1);
}
