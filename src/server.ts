/** Entry point: load config, start BackendService, print the URL, stop cleanly on Ctrl-C. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { BackendService } from './backend/service';
import { ConfigError, loadConfig } from './utils/config';
import { createLogger } from './utils/logger';

/**
 * Keeps V8's young generation at the size start-up left it. Left to grow (to 16 MB semi-spaces), it
 * raised the RSS peak of four concurrent answers by ~13 MB. This is set here, once the server listens,
 * and not as `--max-semi-space-size` on Node's command line: any V8 flag given there changes V8's flag
 * hash, so Node rejects the code cache built into it for its own modules (undici, http2, net…) and
 * compiles them from source, ~25 ms of every start. Modules Node loads after this line compile without
 * that cache too, a millisecond or two each, once.
 */
function stopYoungGenerationGrowth(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/** Told to the entry (scripts/server-entry.cjs), which waits for it to write its code cache. */
const LISTENING = 'ollama-chat:listening';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const guiDir = process.env.GUI_DIR ?? path.resolve(here, '..', 'gui');
  const service = new BackendService({ config, logger, guiDir });
  try {
    await service.start();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`Port ${config.port} is already in use. Stop the other program or set PORT=…\n`);
      process.exit(1);
    }
    throw err;
  }
  process.stdout.write(
    `Ollama Chat is running at ${service.url}  (Ollama: ${config.ollamaHost}, data: ${config.dataDir})\n`,
  );
  // The entry (scripts/server-entry.cjs) writes its code cache now, before the flag below changes V8's flag hash.
  (process as NodeJS.EventEmitter).emit(LISTENING);
  stopYoungGenerationGrowth();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    service.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Ollama Chat could not start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
