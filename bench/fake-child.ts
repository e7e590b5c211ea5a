/**
 * Runs the fake Ollama (and a paced proxy in front of it) in its own process, so the fake's work
 * does not share an event loop with the bench's clients. Prints one JSON line with the URLs and
 * exits when stdin closes (the bench ended, however it ended) or on SIGTERM.
 */
import { startFakeOllama } from '../tests/fakes/fake-ollama';
import { startPacedProxy } from './lib/paced-proxy';

const pacedTokensPerSecond = Number(process.env.BENCH_PACED_TOKENS_PER_SECOND ?? 2000);
const fake = await startFakeOllama({ port: 0 });
const paced = await startPacedProxy(fake.url, pacedTokensPerSecond);
process.stdout.write(`${JSON.stringify({ url: fake.url, pacedUrl: paced.url })}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  Promise.all([paced.close(), fake.close()]).finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
