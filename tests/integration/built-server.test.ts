/**
 * The built server exactly as `npm start`, the bench and the e2e suite run it: dist/server/server.js
 * (a CommonJS entry, by dist/server/package.json) compiling the minified bundle through its V8 code
 * cache. Started twice, so the second start runs from the cache the first one wrote; then with a cache
 * it cannot write, and with old caches to clear from its cache folder. Also checks
 * that the bundle's source map still leads back to the TypeScript sources.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama';
import { exited, untilListening } from '../support/server-process';

const root = path.resolve(import.meta.dirname, '../..');
const serverDir = path.join(root, 'dist', 'server');
const ASSET = 'assets/app-Bx7kQ2aZ.js';
const SCRIPT = 'export const answer = 42;\n';

let tmp: string;
let fake: FakeOllama;

beforeAll(async () => {
  const built = spawnSync(
    process.execPath,
    ['-e', "import('./scripts/build-lib.cjs').then((m) => m.ensureBuilt(['server'], { quiet: true }))"],
    { cwd: root, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`server build failed: ${built.stderr}`);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-built-'));
  mkdirSync(path.join(tmp, 'gui', 'assets'), { recursive: true });
  writeFileSync(path.join(tmp, 'gui', 'index.html'), '<!doctype html><title>Ollama Chat</title>');
  writeFileSync(path.join(tmp, 'gui', ASSET), SCRIPT);
  fake = await startFakeOllama();
}, 120_000);

afterAll(async () => {
  await fake?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * `fileSizeLimitKb` starts it under `ulimit -f` (Node ignores SIGXFSZ), so a write past that size
 * fails midway with EFBIG, as on a full disk.
 */
function startBuilt(opts: { fileSizeLimitKb?: number } = {}): Promise<{ child: ChildProcess; url: string }> {
  const limit =
    opts.fileSizeLimitKb === undefined
      ? []
      : ['/bin/bash', '-c', `ulimit -f ${opts.fileSizeLimitKb} && exec "$0" "$@"`];
  const [command = process.execPath, ...args] = [...limit, process.execPath, path.join(serverDir, 'server.js')];
  const child = spawn(command, args, {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OLLAMA_HOST: fake.url,
      DATA_DIR: path.join(tmp, 'data'),
      GUI_DIR: path.join(tmp, 'gui'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return untilListening(child, 'built server');
}

function rawGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

async function checkRunning(url: string): Promise<void> {
  const health = await rawGet(`${url}/api/health`);
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toMatchObject({ ok: true, ollama: { reachable: true } });
  const asset = await rawGet(`${url}/${ASSET}`);
  expect(asset.status).toBe(200);
  expect(asset.body).toBe(SCRIPT);
  expect(asset.headers['content-type']).toMatch(/javascript/);
  expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  return exited(child);
}

const cacheDir = path.join(serverDir, '.v8-cache');

/** The cache's name as server-entry.cjs makes it for this bundle, this Node and no flags. */
function ownCacheFile(): string {
  const bundle = statSync(path.join(serverDir, 'server-bundle.cjs'));
  return path.join(cacheDir, `${bundle.size}-${Math.trunc(bundle.mtimeMs)}-${process.version}-${process.arch}-.bin`);
}

/** Writes `name` into the cache folder, last modified `ageMs` ago. */
function seed(name: string, ageMs: number): string {
  const file = path.join(cacheDir, name);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, 'old cache');
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
  return file;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

describe('the built server', () => {
  it('starts, answers and stops cleanly, first writing its code cache and then running from it', async () => {
    const cacheFile = ownCacheFile();
    rmSync(cacheFile, { force: true });

    const first = await startBuilt();
    await checkRunning(first.url);
    expect(await stop(first.child)).toBe(0);
    const written = statSync(cacheFile).mtimeMs;

    const second = await startBuilt();
    await checkRunning(second.url);
    expect(await stop(second.child)).toBe(0);
    // V8 took the cache: a rejected one would have been written again.
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  }, 60_000);

  it('runs when its code cache cannot be written, leaving no half-written tmp file behind', async () => {
    const cacheFile = ownCacheFile();
    rmSync(cacheFile, { force: true });
    // Under the cache's size (~900 KB), above what the first start writes to its database.
    const { child, url } = await startBuilt({ fileSizeLimitKb: 256 });
    await checkRunning(url);
    expect(await stop(child)).toBe(0);
    expect(existsSync(cacheFile)).toBe(false);
    // bash exec'ed node: the same pid names the tmp file.
    expect(existsSync(`${cacheFile}.${child.pid}`)).toBe(false);
  }, 60_000);

  it("clears other builds' caches, other keys' caches unwritten for 30 days and tmp files left by a killed write when it writes its cache", async () => {
    const cacheFile = ownCacheFile();
    rmSync(cacheFile, { force: true });
    const oldNode = seed(`${path.basename(cacheFile).replace(/-v[\d.]+-/, '-v20.1.0-')}`, 40 * DAY_MS);
    // The bundle before the last build: its cache is useless however fresh.
    const oldBuild = seed('1359276-1700000000000-v20.1.0-x64-.bin', 60_000);
    const oldTmp = seed(`${path.basename(cacheFile)}.99999`, 2 * HOUR_MS);
    const otherFlags = seed(`${path.basename(cacheFile, '-.bin')}-_--max-semi-space-size=2.bin`, 2 * DAY_MS);
    const writing = seed(`${path.basename(cacheFile)}.99998`, 1000);
    const notOurs = seed('notes.txt', 400 * DAY_MS);
    try {
      const { child, url } = await startBuilt();
      await checkRunning(url);
      expect(await stop(child)).toBe(0);
      expect(existsSync(cacheFile)).toBe(true);
      expect(existsSync(oldNode)).toBe(false);
      expect(existsSync(oldBuild)).toBe(false);
      expect(existsSync(oldTmp)).toBe(false);
      // Still in use, maybe: the cache of a start with V8 flags, and another start writing right now.
      expect(existsSync(otherFlags)).toBe(true);
      expect(existsSync(writing)).toBe(true);
      expect(existsSync(notOurs)).toBe(true);
    } finally {
      for (const file of [oldNode, oldBuild, oldTmp, otherFlags, writing, notOurs]) rmSync(file, { force: true });
    }
  }, 60_000);

  it('loads every module with require(): vm.Script, which runs the bundle, has no import()', () => {
    const bundle = readFileSync(path.join(serverDir, 'server-bundle.cjs'), 'latin1');
    expect(bundle.match(/\bimport\(["'`][^"'`]+["'`]\)/g) ?? []).toEqual([]);
  });

  it('keeps function names in the minified bundle, and its source map leads back to the sources', () => {
    const bundle = readFileSync(path.join(serverDir, 'server-bundle.cjs'), 'latin1');
    const at = bundle.indexOf('function loadConfig(');
    expect(at).toBeGreaterThan(0);
    const before = bundle.slice(0, at);
    const line = before.split('\n').length - 1;
    const column = at - (before.lastIndexOf('\n') + 1);
    const map = new SourceMap(JSON.parse(readFileSync(path.join(serverDir, 'server-bundle.cjs.map'), 'utf8')));
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    expect(entry.originalSource).toMatch(/src\/utils\/config\.ts$/);
    const original = readFileSync(path.join(root, 'src', 'utils', 'config.ts'), 'utf8').split('\n');
    expect(original[entry.originalLine ?? -1]).toContain('function loadConfig(');
  });
});
