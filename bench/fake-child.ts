/**
 * Runs the fake Ollama (and proxies in front of it) in its own process, so the fake's work does not
 * share an event loop with the bench's clients. Prints one JSON line with the URLs and exits when
 * stdin closes (the bench ended, however it ended) or on SIGTERM.
 *
 * - url: the fake at full speed; pacedUrl: /api/chat lines re-timed to BENCH_PACED_TOKENS_PER_SECOND;
 * - slowUrl: a second fake whose `huge` answer is BENCH_SLOW_TOKENS long, paced at
 *   BENCH_SLOW_TOKENS_PER_SECOND (a real model's pace, for counting SQLite writes per flush);
 * - timingUrl: the full-speed fake behind a proxy that notes when each /api/chat arrived.
 */
import { startFakeOllama } from '../tests/fakes/fake-ollama';
import { startPacedProxy } from './lib/paced-proxy';
import { startTimingProxy } from './lib/timing-proxy';

const env = (name: string, def: number) => Number(process.env[name] ?? def);
const fake = await startFakeOllama({ port: 0 });
const paced = await startPacedProxy(fake.url, env('BENCH_PACED_TOKENS_PER_SECOND', 2000));
const slowFake = await startFakeOllama({ port: 0, hugeTokens: env('BENCH_SLOW_TOKENS', 500) });
const slow = await startPacedProxy(slowFake.url, env('BENCH_SLOW_TOKENS_PER_SECOND', 50));
const timing = await startTimingProxy(fake.url);
process.stdout.write(
  `${JSON.stringify({ url: fake.url, pacedUrl: paced.url, slowUrl: slow.url, timingUrl: timing.url })}\n`,
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  Promise.all([paced.close(), slow.close(), timing.close(), fake.close(), slowFake.close()]).finally(() =>
    process.exit(0),
  );
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
