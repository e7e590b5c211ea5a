import { randomFillSync } from 'node:crypto';
import { monotonicFactory, type ULIDFactory } from 'ulid';

const POOL_BYTES = 256;

/**
 * ulid's default source asks Web Crypto for one byte per character (16 calls per id, and the first
 * loads Web Crypto): about 0.15 ms an id on the path of every send (issue 12). The same bytes from
 * node:crypto, drawn 256 at a time; ulid reads each as a fraction in [0, 1), as it does its own.
 */
function pooledRandom(): () => number {
  const pool = Buffer.alloc(POOL_BYTES);
  let next = POOL_BYTES;
  return () => {
    if (next === POOL_BYTES) {
      randomFillSync(pool);
      next = 0;
    }
    return (pool[next++] as number) / 256;
  };
}

/** ULIDs that sort by creation within the process (ulid's monotonic factory). */
export function newIdFactory(): ULIDFactory {
  return monotonicFactory(pooledRandom());
}
