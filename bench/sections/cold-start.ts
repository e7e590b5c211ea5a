/** §8 row 4: cold start of the built server to its first 200 on /api/health, 10,000 chats in the DB. */
import { existsSync } from 'node:fs';
import http from 'node:http';
import module from 'node:module';
import path from 'node:path';
import { cleanEnv, freePort, ROOT, type Spawned, spawnNode, stopChild, tempDir } from '../lib/children';
import { seedChats } from '../lib/seed';
import { SERVER_NODE_FLAGS, serverEnv, spawnServer } from '../lib/server';
import { fmt, median, sleep } from '../lib/stats';
import { type Row, row } from '../lib/table';

const log = (text: string) => process.stderr.write(`  ${text}\n`);

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

/** Polls /api/health every `everyMs` until a 200; returns ms since the spawn. */
async function firstHealthy(sp: Spawned, port: number, everyMs = 5, timeoutMs = 20_000): Promise<number> {
  for (;;) {
    const status = await healthStatus(port).catch(() => 0);
    if (status === 200) return performance.now() - sp.spawnedAt;
    if (sp.child.exitCode !== null || sp.child.signalCode !== null) {
      throw new Error(`the server exited during start-up:\n${sp.stderrTail() || sp.stdoutTail()}`);
    }
    if (performance.now() - sp.spawnedAt > timeoutMs) throw new Error(`no 200 on /api/health within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export async function timedStarts(
  runs: number,
  spawnOne: (port: number) => Spawned,
): Promise<{ firstOk: number[]; readyLine: number[] }> {
  const firstOk: number[] = [];
  const readyLine: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const sp = spawnOne(port);
    let readyAt: number | null = null;
    sp.stdoutListeners.add((line) => {
      if (readyAt === null && line.includes('is running at')) readyAt = performance.now();
    });
    try {
      firstOk.push(await firstHealthy(sp, port));
      if (readyAt !== null) readyLine.push((readyAt as number) - sp.spawnedAt);
    } finally {
      await stopChild(sp.child);
    }
  }
  return { firstOk, readyLine };
}

export async function coldStart(ollamaUrl: string, chats: number, runs: number, npmStartRuns: number): Promise<Row[]> {
  const dataDir = tempDir('cold');
  const seeded = await seedChats(dataDir, chats, 3);
  log(`seeded ${seeded.chats} chats / ${seeded.messages} messages in ${fmt(seeded.ms, 0)} ms`);

  const direct = await timedStarts(runs, (port) => spawnServer({ ollamaUrl, dataDir, port }));
  log(`node dist/server/server.js → first 200: ${direct.firstOk.map((ms) => fmt(ms, 0)).join(', ')} ms`);
  const firstOk = median(direct.firstOk);
  const rows: Row[] = [
    row(
      `cold start, node directly → first 200 on /api/health (${fmt(seeded.chats, 0)} chats, ${fmt(seeded.messages, 0)} msgs), median of ${runs}`,
      `${fmt(firstOk, 1)} ms`,
      '≤ 150 ms',
      firstOk <= 150,
    ),
    row('   spawn → "Ollama Chat is running at" printed: median', `${fmt(median(direct.readyLine), 1)} ms`),
  ];

  // References: the same start on an empty data dir, and a bare `node` doing nothing.
  const emptyDir = tempDir('empty');
  const empty = await timedStarts(runs, (port) => spawnServer({ ollamaUrl, dataDir: emptyDir, port }));
  rows.push(row(`   same, empty data dir: median of ${runs}`, `${fmt(median(empty.firstOk), 1)} ms`));
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sp = spawnNode(['-e', ''], cleanEnv({}));
    await new Promise((resolve) => sp.child.once('exit', resolve));
    bare.push(performance.now() - sp.spawnedAt);
  }
  rows.push(row('   floor: `node -e ""` spawn → exit, median', `${fmt(median(bare), 1)} ms`));

  // `npm start` = scripts/start.cjs: the build check, then the same server in the same process.
  const check = spawnNode([path.join(ROOT, 'bench', 'check-build.mjs')], cleanEnv({}));
  const checkStart = check.spawnedAt;
  const output = await new Promise<string>((resolve) => {
    check.child.once('close', () => resolve(check.stdoutTail()));
  });
  const checkProcessMs = performance.now() - checkStart;
  const result = JSON.parse(output.split('\n').at(-1) ?? '{}') as {
    wouldBuild?: string | null;
    checkMs?: number;
  };
  if (result.wouldBuild) {
    rows.push(
      row(
        '   `npm start` build check (server + GUI up to date?)',
        `${result.wouldBuild} build is stale`,
        'never rebuilds a current build',
        null,
      ),
    );
    rows.push(row('   `npm start` → first 200', `not timed (would build the ${result.wouldBuild})`));
    return rows;
  }
  rows.push(
    row(
      '   `npm start` no-rebuild check: in-process / whole `node` process',
      `${fmt(result.checkMs, 1)} / ${fmt(checkProcessMs, 0)} ms`,
      'never rebuilds a current build',
      null,
    ),
  );
  const viaStart = await timedStarts(npmStartRuns, (port) =>
    spawnNode([...SERVER_NODE_FLAGS, path.join(ROOT, 'scripts', 'start.cjs')], serverEnv({ ollamaUrl, dataDir, port })),
  );
  const startOk = median(viaStart.firstOk);
  rows.push(
    row(
      `   \`node scripts/start.cjs\` (what npm start runs) → first 200, median of ${npmStartRuns}`,
      `${fmt(startOk, 1)} ms`,
    ),
  );
  // The real thing: the npm CLI itself, then scripts/start.cjs.
  const npmCli = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (existsSync(npmCli)) {
    const viaNpm = await timedStarts(npmStartRuns, (port) =>
      spawnNode([npmCli, 'start', '--silent'], serverEnv({ ollamaUrl, dataDir, port }), 'ignore', { group: true }),
    );
    const npmOk = median(viaNpm.firstOk);
    rows.push(
      row(
        `cold start via \`npm start\` → first 200 (10,000 chats), median of ${npmStartRuns}`,
        `${fmt(npmOk, 1)} ms`,
        '≤ 300 ms',
        npmOk <= 300,
      ),
    );
  }
  rows.push(
    row(
      "   Node's compile cache (module.enableCompileCache)",
      typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function'
        ? 'available'
        : `not available on node ${process.version} (added in 22.1)`,
    ),
  );
  return rows;
}
