/**
 * Child processes and temp dirs the bench owns: every one is registered here and removed on exit,
 * Ctrl-C, SIGTERM or a crash, so a failed run never leaves a server or a data dir behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_JS = path.join(ROOT, 'dist', 'server', 'server.js');

const children = new Set<ChildProcess>();
/**
 * Children started as the leader of a process group of their own (`npm start` runs the server as its
 * grandchild, through a shell): they are signalled as a group, or the server outlives npm. It did: every
 * bench left its five `npm start` servers running.
 */
const groupLeaders = new WeakSet<ChildProcess>();

/** Sends `signal` to the child, or to its whole process group when it leads one. */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  if (groupLeaders.has(child) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, sig);
      return;
    } catch {
      // the group is gone already: fall through to the child itself
    }
  }
  child.kill(sig);
}
const tempDirs = new Set<string>();
let installed = false;

function killAllSync(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) signal(child, 'SIGKILL');
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Kills every registered child and removes every temp dir when this process ends, however it ends. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping child processes…\n`);
      killAllSync();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    process.stderr.write(`bench: ${err.stack ?? String(err)}\n`);
    killAllSync();
    process.exit(1);
  });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ollama-chat-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signal(child, 'SIGTERM');
  const timer = setTimeout(() => signal(child, 'SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** A port that was free a moment ago (for runs that must poll before the server prints its URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Collects the last lines of a stream (for error messages) and calls `onLine` for each line. */
function lineReader(stream: NodeJS.ReadableStream, onLine: (line: string) => void): () => string {
  const tail: string[] = [];
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      onLine(line);
    }
  });
  return () => [...tail, partial].join('\n').trim();
}

/** The app's own environment variables: never inherited from the shell, so every run is alike. */
const APP_ENV = [
  'HOST',
  'PORT',
  'OLLAMA_HOST',
  'DATA_DIR',
  'LOG_LEVEL',
  'AUTH_TOKEN',
  'MAX_CONCURRENT_GENERATIONS',
  'MAX_QUEUED_GENERATIONS',
  'FIRST_TOKEN_TIMEOUT_MS',
  'STREAM_IDLE_TIMEOUT_MS',
  'FLUSH_INTERVAL_MS',
  'DELTA_COALESCE_MS',
  'MODEL_CACHE_TTL_MS',
  'MAX_CONCURRENT_PULLS',
  'MAX_BODY_BYTES',
  'GUI_DIR',
];

export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of APP_ENV) delete env[key];
  return { ...env, ...extra };
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** performance.now() just before spawn(). */
  spawnedAt: number;
  /** Listeners called with every stdout line. */
  stdoutListeners: Set<(line: string) => void>;
  stderrTail: () => string;
  stdoutTail: () => string;
}

/** Spawns `node args…` with piped, always-drained output. */
export function spawnNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin: 'ignore' | 'pipe' = 'ignore',
  { group = false }: { group?: boolean } = {},
): Spawned {
  const stdoutListeners = new Set<(line: string) => void>();
  const spawnedAt = performance.now();
  const child = track(
    spawn(process.execPath, args, { cwd: ROOT, env, stdio: [stdin, 'pipe', 'pipe'], detached: group }),
  );
  if (group) groupLeaders.add(child);
  if (child.pid === undefined) throw new Error(`could not spawn node ${args.join(' ')}`);
  const stdoutTail = child.stdout
    ? lineReader(child.stdout, (line) => {
        for (const fn of stdoutListeners) fn(line);
      })
    : () => '';
  const stderrTail = child.stderr ? lineReader(child.stderr, () => undefined) : () => '';
  return { child, pid: child.pid, spawnedAt, stdoutListeners, stdoutTail, stderrTail };
}

/** Resolves with the first match of `pattern` on stdout; rejects when the child exits first or on timeout. */
export function waitForLine(
  sp: Spawned,
  pattern: RegExp,
  timeoutMs: number,
  what: string,
): Promise<{ match: RegExpMatchArray; at: number }> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      sp.child.off('exit', onExit);
      sp.stdoutListeners.delete(onLine);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what} was not ready within ${timeoutMs} ms\n${sp.stdoutTail()}\n${sp.stderrTail()}`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(
        new Error(`${what} exited (${signal ?? code}) before it was ready:\n${sp.stderrTail() || sp.stdoutTail()}`),
      );
    };
    const onLine = (line: string) => {
      const match = line.match(pattern);
      if (!match) return;
      const at = performance.now();
      done();
      resolve({ match, at });
    };
    sp.child.once('exit', onExit);
    sp.stdoutListeners.add(onLine);
  });
}
