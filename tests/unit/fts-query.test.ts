import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../src/backend/history-manager/fts-query';

describe('toFtsQuery', () => {
  it('quotes every word and ANDs them', () => {
    expect(toFtsQuery('hello world')).toBe('"hello" "world"');
  });
  it('keeps a trailing * as a prefix and "…" as a phrase', () => {
    expect(toFtsQuery('plat*')).toBe('"plat"*');
    expect(toFtsQuery('"swims quietly" dawn')).toBe('"swims quietly" "dawn"');
    expect(toFtsQuery('"swims qui"*')).toBe('"swims qui"*');
  });
  it('makes the rest of an unbalanced quote one phrase', () => {
    expect(toFtsQuery('a "b c')).toBe('"a" "b c"');
  });
  it('keeps OR between words and turns -word into an exclusion', () => {
    expect(toFtsQuery('cats OR dogs')).toBe('"cats" OR "dogs"');
    expect(toFtsQuery('pets -cats -dogs')).toBe('("pets") NOT ("cats" OR "dogs")');
    expect(toFtsQuery('OR cats OR')).toBe('"cats"');
  });
  it('treats syntax as text and drops pieces without letters or digits', () => {
    expect(toFtsQuery('NEAR(a b)')).toBe('"NEAR(a" "b)"');
    expect(toFtsQuery('say "hi"" there')).toBe('"say" "hi" "there"');
    expect(toFtsQuery('x"y')).toBe('"x" "y"');
    expect(toFtsQuery('col:umn')).toBe('"col:umn"');
    expect(toFtsQuery('it\'s "quoted""')).toBe('"it\'s" "quoted"');
  });
  it('returns null when nothing is left to search', () => {
    for (const q of ['', '   ', '*', '-', '"', '""', '()', 'AND', '-only']) expect(toFtsQuery(q), q).toBeNull();
  });
  it('escapes quotes inside a word', () => {
    expect(toFtsQuery('a""b')).toBe('"a" "b"');
  });
});
