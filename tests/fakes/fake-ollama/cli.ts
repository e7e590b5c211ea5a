/** Runs the fake standalone: `npx tsx tests/fakes/fake-ollama/cli.ts --port 11434` (or FAKE_OLLAMA_PORT). */
import { parseArgs } from 'node:util';
import { startFakeOllama } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'token-delay-ms': { type: 'string' },
    'huge-tokens': { type: 'string' },
    'pull-duration-ms': { type: 'string' },
    'ollama-version': { type: 'string' },
    'image-step-delay-ms': { type: 'string' },
    'slow-image-step-delay-ms': { type: 'string' },
  },
});

function intOption(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`fake-ollama: ${name} must be a non-negative integer, got '${text}'`);
    process.exit(2);
  }
  return value;
}

const fake = await startFakeOllama({
  port: intOption(values.port ?? process.env.FAKE_OLLAMA_PORT, 'port') ?? 11434,
  host: values.host ?? '127.0.0.1',
  tokenDelayMs: intOption(values['token-delay-ms'], 'token-delay-ms'),
  hugeTokens: intOption(values['huge-tokens'], 'huge-tokens'),
  pullDurationMs: intOption(values['pull-duration-ms'], 'pull-duration-ms'),
  version: values['ollama-version'] ?? process.env.FAKE_OLLAMA_VERSION,
  imageStepDelayMs: intOption(values['image-step-delay-ms'], 'image-step-delay-ms'),
  slowImageStepDelayMs: intOption(values['slow-image-step-delay-ms'], 'slow-image-step-delay-ms'),
});
console.log(`fake-ollama listening on ${fake.url}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  fake.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
