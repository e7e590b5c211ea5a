import { describe, expect, it } from 'vitest';
import { preloadsInOllama } from '../../src/gui/model-selector/use-preload';

describe('preload on open', () => {
  it("preloads Ollama's models (listed without a backend, or as ollama)", () => {
    expect(preloadsInOllama(undefined)).toBe(true);
    expect(preloadsInOllama('ollama')).toBe(true);
  });

  it("never asks Ollama to load an image server's model", () => {
    expect(preloadsInOllama('image-server')).toBe(false);
  });
});
