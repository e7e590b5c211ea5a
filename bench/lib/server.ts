/** The built server (`node dist/server/server.js`) and the fake Ollama as real child processes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, ROOT, SERVER_JS, type Spawned, spawnNode, stopChild, tempDir, waitForLine } from './children';

export interface ServerChild {
  base: string;
  pid: number;
  sp: Spawned;
  /** performance.now() when the "running at" line was read. */
  readyAt: number;
  stop(): Promise<void>;
}

const READY = /Ollama Chat is running at (http:\/\/\S+)/;

export interface ServerOptions {
  ollamaUrl: string;
  /** A fresh temp dir when omitted. */
  dataDir?: string;
  /** 0 (default) lets the server pick; the URL is read from its stdout. */
  port?: number;
  env?: Record<string, string>;
  /** Defaults to `dist/server/server.js`. */
  script?: string;
}

export function serverEnv(opts: ServerOptions): NodeJS.ProcessEnv {
  return cleanEnv({
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    OLLAMA_HOST: opts.ollamaUrl,
    DATA_DIR: opts.dataDir ?? tempDir('data'),
    GUI_DIR: path.join(ROOT, 'bench', '.no-gui-here'),
    ...opts.env,
  });
}

/**
 * The V8 flags `npm start` runs the server with (package.json): none. A flag on the command line makes
 * Node compile its own modules without its built-in code cache (~25 ms of every start); the server
 * stops its young generation growing once it listens instead (src/server.ts).
 */
export const SERVER_NODE_FLAGS: string[] = [];

/**
 * BENCH_SERVER_JS runs another build's server.js instead of this tree's (an A/B against a copy of
 * main's dist, with node_modules beside it), without touching the other checkout.
 */
const DEFAULT_SERVER_JS = process.env.BENCH_SERVER_JS || SERVER_JS;

export function spawnServer(opts: ServerOptions): Spawned {
  return spawnNode([...SERVER_NODE_FLAGS, opts.script ?? DEFAULT_SERVER_JS], serverEnv(opts));
}

export async function startServer(opts: ServerOptions): Promise<ServerChild> {
  const sp = spawnServer(opts);
  const { match, at } = await waitForLine(sp, READY, 20_000, 'the server');
  return { base: match[1] ?? '', pid: sp.pid, sp, readyAt: at, stop: () => stopChild(sp.child) };
}

export interface FakeChild {
  url: string;
  /** The same fake behind a proxy that paces /api/chat lines (BENCH_PACED_TOKENS_PER_SECOND). */
  pacedUrl: string;
  /** A fake whose `huge` answer is BENCH_SLOW_TOKENS long, paced at a real model's rate. */
  slowUrl: string;
  /** The full-speed fake behind a proxy that notes when each /api/chat arrived (bench/lib/timing-proxy.ts). */
  timingUrl: string;
  stop(): Promise<void>;
}

export async function startFake(
  pacedTokensPerSecond: number,
  slow: { tokens: number; tokensPerSecond: number },
): Promise<FakeChild> {
  const sp = spawnNode(
    ['--import', 'tsx', path.join(ROOT, 'bench', 'fake-child.ts')],
    cleanEnv({
      BENCH_PACED_TOKENS_PER_SECOND: String(pacedTokensPerSecond),
      BENCH_SLOW_TOKENS: String(slow.tokens),
      BENCH_SLOW_TOKENS_PER_SECOND: String(slow.tokensPerSecond),
    }),
    'pipe',
  );
  const { match } = await waitForLine(sp, /^\{.*"url".*\}$/, 60_000, 'the fake Ollama');
  const urls = JSON.parse(match[0]) as Pick<FakeChild, 'url' | 'pacedUrl' | 'slowUrl' | 'timingUrl'>;
  return {
    ...urls,
    stop: async () => {
      sp.child.stdin?.end();
      await stopChild(sp.child);
    },
  };
}

/** Resident set size and its high-water mark of a Linux process, in MB of 10^6 bytes (null elsewhere). */
export function readRss(pid: number): { rssMB: number; hwmMB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
    return { rssMB: (kb('VmRSS') * 1024) / 1e6, hwmMB: (kb('VmHWM') * 1024) / 1e6 };
  } catch {
    return null;
  }
}
