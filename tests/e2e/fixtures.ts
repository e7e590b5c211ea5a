/**
 * End-to-end fixtures: each test gets the real server (`dist/server/server.js`, built GUI) as a child
 * process with its own temp DATA_DIR, talking to a fake Ollama (a real HTTP server) in this process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { type FakeOllama, type FakeOllamaOptions, startFakeOllama } from '../fakes/fake-ollama';

const root = path.resolve(import.meta.dirname, '../..');

export interface AppServer {
  url: string;
  child: ChildProcess;
  /** Its DATA_DIR (removed by `stop`). */
  dataDir: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startApp(env: Record<string, string>): Promise<AppServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-e2e-'));
  const child = spawn(process.execPath, [path.join(root, 'dist/server/server.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  return {
    url,
    child,
    dataDir,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{
  fakeOptions: FakeOllamaOptions;
  fake: FakeOllama;
  app: AppServer;
  /** Generated titles add an /api/chat request after a chat's first answer; off unless a test is about them. */
  titles: boolean;
}>({
  /** Extra options of the fake Ollama, per file or test: `test.use({ fakeOptions: { pullDurationMs: 4000 } })`. */
  fakeOptions: [{}, { option: true }],
  titles: [false, { option: true }],
  fake: async ({ fakeOptions }, use) => {
    const fake = await startFakeOllama({ tokenDelayMs: 60, ...fakeOptions });
    await use(fake);
    await fake.close();
  },
  app: async ({ fake, titles }, use) => {
    const app = await startApp({ OLLAMA_HOST: fake.url });
    if (!titles) {
      await fetch(`${app.url}/api/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ generateTitles: false }),
      });
    }
    await use(app);
    await app.stop();
  },
});

export { expect } from '@playwright/test';
