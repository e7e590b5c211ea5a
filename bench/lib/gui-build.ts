/** The GUI build the Chromium sections serve, and making sure it is current. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './children';

/** BENCH_GUI_DIR: another build (an A/B against a copy of main's dist/gui); else this tree's. */
export const GUI_DIR = process.env.BENCH_GUI_DIR ?? path.join(ROOT, 'dist', 'gui');

/** Builds this tree's GUI if it is stale (scripts/build-lib.cjs, as `npm start` does); another build is left as it is. */
export async function ensureGuiBuilt(): Promise<void> {
  if (process.env.BENCH_GUI_DIR) return;
  const buildLib = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-lib.cjs')).href)) as {
    ensureBuilt: (names: string[], opts?: { quiet?: boolean }) => void;
  };
  buildLib.ensureBuilt(['gui'], { quiet: true });
}
