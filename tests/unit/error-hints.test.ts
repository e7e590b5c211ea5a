/**
 * The server's one wording table: every error code has a next step, and no hint repeats its
 * message. The errors checked are the ones the server really builds (the Ollama classifier,
 * the error classes), not sentences copied into the test.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_HINTS, ERROR_MESSAGES, hintFor, withHint } from '../../src/backend/error-hints';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  InternalError,
  interruptedError,
  NotFoundError,
  PayloadTooLargeError,
  QueueFullError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../src/backend/errors';
import { classifyOllamaFailure } from '../../src/backend/ollama-client/classify-error';
import { ERROR_CODES, type ErrorCode } from '../../src/shared/error-codes';
import { ERROR_ACTIONS, type ErrorInfo } from '../../src/shared/error-info';

const ALL_CODES = Object.values(ERROR_CODES) as ErrorCode[];
const CONTEXTS = [{}, { host: 'http://127.0.0.1:11434', model: 'qwen3:0.6b', limit: 4, setting: 'SOME_SETTING' }];

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9: ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** True when the hint says again what the message says (equal, one inside the other, or a shared sentence). */
function repeats(message: string, hint: string): boolean {
  const m = words(message);
  const h = words(hint);
  if (m === h || m.includes(h) || h.includes(m)) return true;
  const sentences = (s: string) =>
    s
      .split(/[.;!?]\s+/)
      .map(words)
      .filter((x) => x.split(' ').length >= 3);
  const hintSentences = new Set(sentences(hint));
  return sentences(message).some((s) => hintSentences.has(s));
}

/** Messages say what happened; the next step belongs to the hint. */
const INSTRUCTION =
  /\b(try again|retry|pull it|start it|run `|check (the|that)|raise [A-Z_]+|pick a|wait for|sign in)\b/i;

function ollamaFailure(err: unknown, extra: Partial<Parameters<typeof classifyOllamaFailure>[1]> = {}) {
  return classifyOllamaFailure(err, {
    host: 'http://127.0.0.1:11434',
    model: 'qwen3:0.6b',
    phase: 'request',
    ...extra,
  });
}

function responseError(status: number, said: string): Error {
  return Object.assign(new Error(said), { name: 'ResponseError', status_code: status });
}

function socketError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

/** One real error per way the server builds them. */
const REAL_ERRORS: AppError[] = [
  new ValidationError('Invalid request body: title: title must not be empty'),
  new NotFoundError('Chat', '01J0000000'),
  new ConflictError('This answer is still being generated.'),
  new QueueFullError(100),
  new PayloadTooLargeError('The request is larger than the server accepts (64 MB).', '64 MB'),
  new UnsupportedMediaTypeError("'a.pdf' is application/pdf; only images can be attached."),
  new ForbiddenError("Requests for host 'evil.test' are not allowed (DNS-rebinding protection)."),
  new UnauthorizedError('This server needs its access token.'),
  new InternalError(),
  ollamaFailure(responseError(404, "model 'qwen3:0.6b' not found")),
  ollamaFailure(responseError(400, 'registry.ollama.ai/library/nomic:latest does not support chat')),
  ollamaFailure(responseError(400, 'qwen3 does not support tools')),
  ollamaFailure(responseError(503, 'server busy, please try again.  maximum pending requests exceeded')),
  ollamaFailure(responseError(401, 'unauthorized')),
  ollamaFailure(responseError(404, 'page not found')),
  ollamaFailure(responseError(500, 'llama runner process has terminated')),
  ollamaFailure(responseError(418, 'teapot')),
  ollamaFailure(new SyntaxError('Unexpected token < in JSON')),
  ollamaFailure(socketError('ECONNREFUSED')),
  ollamaFailure(socketError('ENOTFOUND')),
  ollamaFailure(socketError('UND_ERR_HEADERS_TIMEOUT'), { requestTimeoutMs: 30_000 }),
  ollamaFailure(socketError('ECONNRESET'), { phase: 'stream' }),
  ollamaFailure(new Error('something odd')),
];

describe('the wording table', () => {
  it('has a hint for every error code, with and without context', () => {
    expect(Object.keys(ERROR_HINTS).sort()).toEqual([...ALL_CODES].sort());
    for (const code of ALL_CODES) {
      for (const ctx of CONTEXTS) {
        const hint = hintFor(code, ctx);
        expect(hint.text.length, code).toBeGreaterThan(10);
        expect(hint.text, code).toMatch(/^[A-Z].*\.$/);
        if (hint.action) expect(ERROR_ACTIONS).toContain(hint.action);
        expect(hint.text, code).not.toContain('undefined');
      }
    }
  });

  it('gives an unknown code the internal hint', () => {
    expect(hintFor('from_the_future')).toEqual(hintFor(ERROR_CODES.internal));
  });

  it('words the required next steps', () => {
    expect(hintFor('ollama_unreachable', { host: 'http://h:1' })).toMatchObject({ command: 'ollama serve' });
    expect(hintFor('model_not_found', { model: 'llava:7b' })).toMatchObject({
      command: 'ollama pull llava:7b',
      action: 'pull_model',
    });
    expect(hintFor('ollama_timeout', { setting: 'FIRST_TOKEN_TIMEOUT_MS' }).text).toContain('FIRST_TOKEN_TIMEOUT_MS');
    expect(hintFor('queue_full').text).toMatch(/wait.*cancel/i);
    expect(hintFor('payload_too_large', { limit: '10 MB' }).text).toContain('10 MB');
    expect(hintFor('interrupted').action).toBe('continue');
    expect(hintFor('internal').text).toMatch(/again.*server log/i);
  });

  it('covers every code with a real error, each with a hint that does not repeat its message', () => {
    const covered = new Set(REAL_ERRORS.map((e) => e.code));
    covered.add(interruptedError().code as ErrorCode);
    for (const code of ALL_CODES) {
      if (code === ERROR_CODES.ollamaStreamError || code === ERROR_CODES.ollamaDropped) continue; // built in streams
      if (code.startsWith('import_')) continue; // built by the import reader: tests/unit/import-error-hints.test.ts
      if (code.startsWith('image_')) continue; // built by the image clients: tests/unit/image-error-hints.test.ts
      expect(covered, code).toContain(code);
    }
    const infos: ErrorInfo[] = [...REAL_ERRORS.map((e) => e.toJSON()), interruptedError()];
    for (const info of infos) {
      expect(info.hint, info.code).toBeDefined();
      const hint = info.hint?.text ?? '';
      expect(repeats(info.message, hint), `${info.message} / ${hint}`).toBe(false);
      expect(info.message, info.code).not.toMatch(INSTRUCTION);
    }
  });

  it('words "can\'t reach Ollama" once', () => {
    const refused = ollamaFailure(socketError('ECONNREFUSED'));
    expect(refused.message).toBe(ERROR_MESSAGES.ollamaUnreachable('http://127.0.0.1:11434'));
    expect(refused.hint.command).toBe('ollama serve');
  });

  it('the table does not repeat a message in any context', () => {
    for (const code of ALL_CODES) {
      for (const ctx of CONTEXTS) {
        const hint = hintFor(code, ctx).text;
        for (const message of Object.values(ERROR_MESSAGES)) {
          const text = typeof message === 'function' ? message('http://127.0.0.1:11434') : message;
          expect(repeats(text, hint), `${code}: ${hint}`).toBe(false);
        }
      }
    }
  });
});

describe('AppError and stored errors', () => {
  it('always serialises a hint, and a thrower’s own hint wins', () => {
    expect(new AppError('conflict', 409, 'Busy.').toJSON().hint).toEqual(hintFor('conflict'));
    const own = { text: 'Do the specific thing.' };
    expect(new ConflictError('Busy.', own).toJSON().hint).toBe(own);
    expect(new ValidationError('Bad.', undefined, { setting: 'defaultModel' }).hint.action).toBe('open_settings');
  });

  it('fills in the hint of an error stored by an older version, from the answer’s model', () => {
    const old: ErrorInfo = { code: 'model_not_found', message: "Model 'mistral' is not installed." };
    expect(withHint(old, { model: 'mistral' }).hint).toMatchObject({ command: 'ollama pull mistral' });
    expect(withHint({ code: 'interrupted', message: 'x' }).hint?.action).toBe('continue');
    const current = { ...old, hint: { text: 'Already worded.' } };
    expect(withHint(current, { model: 'mistral' })).toBe(current);
  });
});
