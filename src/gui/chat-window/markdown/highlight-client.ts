/** Highlights code in a worker (see highlight-worker.ts); on the page itself where workers are unavailable. */

import type { HighlightRequest } from './highlight-worker';
import type { HighlightedLines } from './highlighter';

type Pending = (lines: HighlightedLines | null) => void;

let worker: Worker | null = null;
let broken = typeof Worker === 'undefined';
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(): void {
  broken = true;
  worker?.terminate();
  worker = null;
  // Whatever was asked gets plain text; later blocks are highlighted on the page.
  for (const resolve of pending.values()) resolve(null);
  pending.clear();
}

function getWorker(): Worker | null {
  if (broken) return null;
  if (!worker) {
    try {
      worker = new Worker(new URL('./highlight-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      failAll();
      return null;
    }
    worker.onmessage = (event: MessageEvent<{ id: number; lines: HighlightedLines | null }>) => {
      const resolve = pending.get(event.data.id);
      pending.delete(event.data.id);
      resolve?.(event.data.lines);
    };
    worker.onerror = failAll;
  }
  return worker;
}

export async function highlightCode(code: string, language: string): Promise<HighlightedLines | null> {
  const w = getWorker();
  if (!w) {
    const { highlight } = await import('./highlighter');
    return highlight(code, language);
  }
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    w.postMessage({ id, code, language } satisfies HighlightRequest);
  });
}
