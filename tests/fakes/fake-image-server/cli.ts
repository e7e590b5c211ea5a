/** Runs the fake image server standalone: `npx tsx tests/fakes/fake-image-server/cli.ts --port 8188 [--api-key K]`. */
import { parseArgs } from 'node:util';
import { startFakeImageServer } from './index';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'api-key': { type: 'string' }, 'slow-ms': { type: 'string' } },
});
const server = await startFakeImageServer({
  port: Number(values.port ?? process.env.FAKE_IMAGE_SERVER_PORT ?? 8188),
  apiKey: values['api-key'],
  slowMs: values['slow-ms'] ? Number(values['slow-ms']) : undefined,
});
console.log(`fake-image-server listening on ${server.url}`);
const stop = (): void => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
