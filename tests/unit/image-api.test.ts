/** The image contract's pure rules: classification by capabilities, sizes, file names; and the fake's version rule. */
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/backend/chat-manager/context-builder';
import type { Message } from '../../src/shared/api';
import { imageFileName, isImageModel, modelKind, parseImageSize } from '../../src/shared/image-api';
import { versionMakesImages } from '../fakes/fake-ollama';

describe('model classification', () => {
  it('goes by the capabilities Ollama reports', () => {
    expect(modelKind(['image'])).toBe('image');
    expect(modelKind(['completion', 'vision'])).toBe('chat');
    expect(modelKind(['embedding'])).toBe('embedding');
    expect(modelKind(['embedding', 'completion'])).toBe('chat');
    expect(modelKind(['audio'])).toBe('other');
    // Older servers list no capabilities in /api/tags until /api/show filled them in.
    expect(modelKind([])).toBe('chat');
    expect(isImageModel(['image', 'completion'])).toBe(true);
  });
});

describe('image options', () => {
  it('parses sizes within the limits', () => {
    expect(parseImageSize('1024x768')).toEqual({ width: 1024, height: 768 });
    expect(parseImageSize('32x32')).toBeNull();
    expect(parseImageSize('99999x64')).toBeNull();
    expect(parseImageSize('1024 x 768')).toBeNull();
  });

  it('names downloads after the prompt and the seed', () => {
    expect(imageFileName('A Café at Night!', 42)).toBe('a-cafe-at-night-42.png');
    expect(imageFileName('', 7)).toBe('image-7.png');
    expect(imageFileName('two of them', 1, 1, 2)).toBe('two-of-them-1-2.png');
    expect(imageFileName('x'.repeat(200), 3).length).toBeLessThanOrEqual(48 + '-3.png'.length);
  });
});

describe("the fake Ollama's image generation versions", () => {
  it('makes images from 0.14.3 up to, not including, 0.32.6', () => {
    expect(versionMakesImages('0.14.2')).toBe(false);
    expect(versionMakesImages('0.14.3')).toBe(true);
    expect(versionMakesImages('0.32.5')).toBe(true);
    expect(versionMakesImages('0.32.6')).toBe(false);
    expect(versionMakesImages('0.33.0-rc2')).toBe(false);
  });
});

describe('context of a follow-up to an image answer', () => {
  it('keeps an answer that has images but no text, with its images', async () => {
    const base = {
      chatId: 'c',
      parentId: null,
      thinking: '',
      error: null,
      model: null,
      modelDigest: null,
      metrics: null,
      createdAt: '',
      updatedAt: '',
      siblingIds: [],
    };
    const path: Message[] = [
      { ...base, id: 'u1', role: 'user', content: 'a fox', status: 'complete', attachments: [] },
      {
        ...base,
        id: 'a1',
        role: 'assistant',
        content: '',
        status: 'complete',
        attachments: [{ id: 'img1', kind: 'image', name: 'a-fox-1.png', mime: 'image/png', size: 10, sha256: 'x' }],
      },
      { ...base, id: 'u2', role: 'user', content: 'what is in it?', status: 'complete', attachments: [] },
    ];
    const ctx = await buildContext({
      path,
      systemPrompt: '',
      contextLength: null,
      loadImage: async (id) => `b64:${id}`,
    });
    expect(ctx.turns.map((t) => [t.role, t.images])).toEqual([
      ['user', undefined],
      ['assistant', ['b64:img1']],
      ['user', undefined],
    ]);
  });
});
