import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PORT, loadConfig } from '../../src/utils/config';

describe('configuration from the environment', () => {
  it('uses documented defaults', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/x' });
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: DEFAULT_PORT,
      ollamaHost: 'http://127.0.0.1:11434',
      maxConcurrentGenerations: 4,
      maxQueuedGenerations: 100,
      flushIntervalMs: 500,
    });
  });

  it('normalises OLLAMA_HOST like Ollama’s clients', () => {
    expect(loadConfig({ OLLAMA_HOST: 'myhost:8080' }).ollamaHost).toBe('http://myhost:8080');
    expect(loadConfig({ OLLAMA_HOST: '0.0.0.0' }).ollamaHost).toBe('http://127.0.0.1:11434');
    expect(loadConfig({ OLLAMA_HOST: 'http://box' }).ollamaHost).toBe('http://box:80');
  });

  it('names every bad value', () => {
    expect(() => loadConfig({ PORT: 'abc', MAX_CONCURRENT_GENERATIONS: '0' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', MAX_CONCURRENT_GENERATIONS: '0' });
    } catch (err) {
      expect((err as Error).message).toContain('PORT');
      expect((err as Error).message).toContain('MAX_CONCURRENT_GENERATIONS');
    }
  });

  it('refuses a non-loopback bind without AUTH_TOKEN', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/AUTH_TOKEN/);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_TOKEN: 'a-long-enough-secret-token' }).host).toBe('0.0.0.0');
  });
});

describe('what counts as loopback', () => {
  it('is decided on the address, not on a name that merely starts with 127.', () => {
    expect(() => loadConfig({ HOST: '127.evil.example' })).toThrow(/AUTH_TOKEN/);
    expect(loadConfig({ HOST: '127.0.0.2' }).host).toBe('127.0.0.2');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
  });
});
