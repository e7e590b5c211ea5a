import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/utils/keyed-mutex';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedMutex', () => {
  it('runs sections of one key one at a time, in order', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name, i) =>
        m.run('chat', async () => {
          log.push(`start ${name}`);
          await tick(20 - i * 5);
          log.push(`end ${name}`);
        }),
      ),
    );
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different keys overlap and survives a failing section', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const failing = m.run('x', async () => {
      log.push('x1');
      await tick(20);
      throw new Error('boom');
    });
    const other = m.run('y', async () => {
      log.push('y');
    });
    const after = m.run('x', async () => {
      log.push('x2');
    });
    await expect(failing).rejects.toThrow('boom');
    await Promise.all([other, after]);
    expect(log).toEqual(['x1', 'y', 'x2']);
  });
});
