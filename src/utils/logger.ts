import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Structured logger; secrets (auth headers, tokens, image data) are redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: [
        'authToken',
        'imageServerApiKey',
        'apiKey',
        '*.imageServerApiKey',
        '*.apiKey',
        'req.headers.authorization',
        'headers.authorization',
        '*.headers.authorization',
        '*.images',
        '*.data',
        '*.b64_json',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
