import { describe, expect, it } from 'vitest';
import {
  CHARS_PER_TOKEN,
  estimateTextTokens,
  estimateTurnTokens,
  TOKENS_PER_TURN,
} from '../../src/shared/token-estimate';

const PROSE =
  'I am planning a two week trip through Portugal in late September. Which cities would you visit first, and why?';
const CODE = 'export function findUser(users: User[], id: string) {\n  return users.find((u) => u.id === id);\n}\n';

describe('estimateTextTokens', () => {
  it('counts nothing for nothing', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTurnTokens('')).toBe(TOKENS_PER_TURN);
  });

  it('counts prose at about four characters a token', () => {
    const tokens = estimateTextTokens(PROSE);
    expect(tokens).toBeGreaterThanOrEqual(Math.floor((PROSE.length / CHARS_PER_TOKEN) * 0.95));
    expect(tokens).toBeLessThanOrEqual(Math.ceil((PROSE.length / CHARS_PER_TOKEN) * 1.15));
  });

  it('counts code, numbers and tables above the flat rate: their symbols and digits cost more', () => {
    for (const text of [CODE, 'Q1 revenue 1,284,330 EUR; Q2 1,402,950 EUR', '| a | b |\n|---|---|\n| 1 | 2 |']) {
      expect(estimateTextTokens(text)).toBeGreaterThan(Math.ceil(text.length / CHARS_PER_TOKEN) * 1.2);
    }
  });

  it('counts a character of Chinese, Japanese or Korean as a token', () => {
    expect(estimateTextTokens('東京で三日間')).toBe(6);
    expect(estimateTextTokens('안녕하세요')).toBe(5);
  });

  it('counts letters of other alphabets as words, not symbols', () => {
    expect(estimateTextTokens('Привет, как дела?')).toBe(estimateTextTokens('Privet, kak dela?'));
    expect(estimateTextTokens('déjà vu')).toBe(estimateTextTokens('deja vu'));
  });

  it('never counts less for more text', () => {
    let previous = 0;
    const text = `${PROSE}\n\n${CODE}東京 🎉 1234`;
    for (let i = 0; i <= text.length; i++) {
      const tokens = estimateTextTokens(text.slice(0, i));
      expect(tokens).toBeGreaterThanOrEqual(previous);
      previous = tokens;
    }
  });
});

describe('the estimate stored beside each message (messages.content_tokens, migration 012)', () => {
  it('is the one the stored values were computed with: a change needs a migration that computes them again', () => {
    // If this fails because the estimate was changed on purpose, add a migration that recomputes
    // `messages.content_tokens` (as migration 012 does), then update these numbers.
    const samples = [
      '',
      'hi',
      'The quick brown fox jumps over the lazy dog.',
      'const x = (a, b) => a ** b; // 42',
      '| 2026-01 | 48213 | 1204 |\n|---|---|---|',
      '東京で三日間の旅行を計画しています。',
      'Ünïcödé wörds — and “quotes” 🙂',
      'line\nbreaks\n\nand 3,284,330.55 EUR',
    ];
    expect(samples.map(estimateTextTokens)).toEqual([0, 1, 11, 14, 21, 18, 10, 12]);
  });
});
