/**
 * Every pattern the server runs on user input must take time linear in the input (issue #8: one
 * 100 KB attachment used to block the event loop for 13 s). Wall-clock limits are not asserted:
 * each check is timed on n and 8n characters of adversarial input, and the ratio must stay far
 * below the 64× a quadratic pattern shows (linear: 8×; allocation and GC noise reach ~2× more). Minimum of several runs, so a busy machine adds noise
 * to both sides rather than failing the test.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { isBase64 } from '../../src/backend/chat-manager/attachment-decoder';
import { classifyOllamaFailure } from '../../src/backend/ollama-client/classify-error';
import { ChatOptionsSchema, ModelNameSchema, UpdateModelPreferencesBodySchema } from '../../src/backend/schemas';
import { parseKeepAlive, validateModelName } from '../../src/shared/model-name';
import { normalizeOllamaHost } from '../../src/shared/ollama-host';

const N = 128 * 1024; // 8N = 1 MiB
const GROWTH = 8;
const LINEAR_RATIO_LIMIT = 24;

function fastest(fn: () => void, iterations: number, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** A flat copy: concatenated strings are ropes, flattened on first use, which would time the copy. */
const flat = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

/**
 * Time ratio of 8n over n. The small input is repeated until it takes ≥ 20 ms, and the large one
 * as often, so timer resolution and a single GC pause do not decide the ratio.
 */
function growth(check: (input: string) => unknown, make: (n: number) => string, n = N): number {
  const small = flat(make(n));
  const large = flat(make(GROWTH * n));
  check(small); // warm up the JIT and the regex compiler
  let iterations = 1;
  while (fastest(() => check(small), iterations, 1) < 20 && iterations < 4096) iterations *= 2;
  const a = fastest(() => check(small), iterations);
  const b = fastest(() => check(large), iterations);
  return b / a;
}

const repeat = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const httpError = (message: string, status: number) => Object.assign(new Error(message), { status_code: status });

const cases: [string, (input: string) => unknown, (n: number) => string][] = [
  ['attachment base64: newlines then a bad character', isBase64, (n) => `A${'\n'.repeat(n)}!`],
  ['attachment base64: padding then a bad character', isBase64, (n) => `${repeat('QUJD', n)}==\n!`],
  ['attachment base64: valid', isBase64, (n) => repeat('QUJD\r\n', n)],
  ['model name: long run then a bad character', validateModelName, (n) => `${repeat('a', n)}!`],
  ['model name: slashes and dots', validateModelName, (n) => `${repeat('a./', n)}!`],
  ['model name schema', (s) => ModelNameSchema.safeParse(s), (n) => `${repeat('a-', n)}:`],
  ['keep-alive: digits then a bad unit', parseKeepAlive, (n) => `${repeat('1', n)}x`],
  ['keep-alive: many duration parts', parseKeepAlive, (n) => `${repeat('1m', n)}!`],
  ['keep-alive: dots', parseKeepAlive, (n) => `1m${repeat('1.', n)}`],
  ['chat option keep_alive', (s) => ChatOptionsSchema.safeParse({ keep_alive: s }), (n) => `${repeat('1m', n)}!`],
  [
    'model preference keepAlive',
    (s) => UpdateModelPreferencesBodySchema.safeParse({ keepAlive: s }),
    (n) => `${repeat('1', n)}mm!`,
  ],
  [
    'Ollama 404 message echoing a model name',
    (s) => classifyOllamaFailure(httpError(s, 404), { host: 'http://127.0.0.1:11434', model: 'x', phase: 'request' }),
    (n) => repeat('model ', n),
  ],
  [
    'Ollama 400 message echoing a model name',
    (s) => classifyOllamaFailure(httpError(s, 400), { host: 'http://127.0.0.1:11434', model: 'x', phase: 'request' }),
    (n) => `does not support ${repeat('does not support ', n)}`,
  ],
  [
    'Ollama host with many trailing slashes',
    (s) => {
      try {
        return normalizeOllamaHost(s);
      } catch {
        return null;
      }
    },
    (n) => `http://h/${repeat('/', n)}x`,
  ],
];

describe('regexes on user input run in linear time', () => {
  it.each(cases)('%s', (_name, check, make) => {
    const ratio = growth(check, make);
    expect(ratio, `time(8n)/time(n) = ${ratio.toFixed(1)}`).toBeLessThan(LINEAR_RATIO_LIMIT);
  });

  it('the old base64 pattern is caught by this check (the test can fail)', () => {
    const OLD_BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;
    // Smaller n: the old pattern is quadratic, 1 MiB would take minutes.
    const ratio = growth(
      (s) => OLD_BASE64.test(s),
      (n) => `A${'\n'.repeat(n)}!`,
      1_000,
    );
    expect(ratio).toBeGreaterThan(LINEAR_RATIO_LIMIT);
  });
});
