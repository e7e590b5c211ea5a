// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, describeError, describeUnknownError } from '../../src/gui/api';
import { ApiError } from '../../src/gui/api/api-error';
import { ERROR_CODES } from '../../src/shared/error-codes';

describe('error code → human sentence', () => {
  it('tells where Ollama was expected and how to start it', () => {
    const { text, retryable } = describeError(ERROR_CODES.ollamaUnreachable, 'ECONNREFUSED', {
      host: 'http://127.0.0.1:11434',
    });
    expect(text).toBe("Can't reach Ollama at http://127.0.0.1:11434 — is it running? Start it with `ollama serve`.");
    expect(retryable).toBe(true);
  });

  it('names the missing model and the pull command', () => {
    expect(describeError(ERROR_CODES.modelNotFound, 'not found', { model: 'llama3.2' }).text).toContain(
      '`ollama pull llama3.2`',
    );
  });

  it('explains images for a model without vision', () => {
    expect(describeError(CLIENT_ERROR_CODES.imageNeedsVision, undefined, { model: 'llama3.2' }).text).toMatch(
      /can't see images.*vision/,
    );
  });

  it('has a sentence for every server error code, never a raw object', () => {
    for (const code of Object.values(ERROR_CODES)) {
      const { text } = describeError(code, { nested: true });
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toContain('[object Object]');
      expect(text).not.toContain('undefined');
    }
  });

  it('turns queue_full into what to do next', () => {
    expect(describeError(ERROR_CODES.queueFull, 'x').text).toMatch(/Wait for some to finish/);
  });

  it('describes thrown values of any shape', () => {
    expect(describeUnknownError(new ApiError('queue_full', 'full', 429)).text).toMatch(/waiting/);
    expect(describeUnknownError(new Error('boom')).text).toBe('boom.');
    expect(describeUnknownError({ weird: 1 }).text).toBe('Something went wrong. Retry in a moment.');
  });
});
