import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/utils/keyed-mutex';

/** A promise the test settles by hand, so a section runs exactly as long as the test says. */
function gate() {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('KeyedMutex', () => {
  it('runs sections of one key one at a time, in order', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const gates = [gate(), gate(), gate()];
    const runs = ['a', 'b', 'c'].map((name, i) =>
      m.run('chat', async () => {
        log.push(`start ${name}`);
        await gates[i]?.promise;
        log.push(`end ${name}`);
      }),
    );
    // The later sections may go at once; without the mutex they would start and end before 'a'.
    gates[2]?.open();
    gates[1]?.open();
    gates[0]?.open();
    await Promise.all(runs);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different keys overlap and survives a failing section', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const xGate = gate();
    const failing = m.run('x', async () => {
      log.push('x1');
      await xGate.promise;
    });
    const other = m.run('y', async () => {
      log.push('y');
    });
    const after = m.run('x', async () => {
      log.push('x2');
    });
    // 'y' finishes while 'x' is still held: keys do not wait for each other.
    await other;
    expect(log).toEqual(['x1', 'y']);
    xGate.fail(new Error('boom'));
    await expect(failing).rejects.toThrow('boom');
    await after;
    expect(log).toEqual(['x1', 'y', 'x2']);
  });
});
