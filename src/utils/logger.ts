import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured logger; secrets (auth headers, tokens, image data) are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['authToken', 'req.headers.authorization', 'headers.authorization', '*.images', '*.data'],
      censor: '[redacted]',
    },
  });
}
