import { describe, expect, it } from 'vitest';
import { newIdFactory } from '../../src/utils/ids';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('newIdFactory', () => {
  it('makes ULIDs that sort by creation, past the end of its pool of random bytes', () => {
    const newId = newIdFactory();
    const ids = Array.from({ length: 2_000 }, () => newId());
    for (const id of ids) expect(id).toMatch(CROCKFORD);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws the random part from every character of the alphabet', () => {
    const newId = newIdFactory();
    const seen = new Set<string>();
    // A new time for each id, so each random part is freshly drawn rather than incremented.
    for (let t = 1; t <= 400; t++) for (const ch of newId(t * 1000).slice(10)) seen.add(ch);
    expect(seen.size).toBe(32);
  });
});
