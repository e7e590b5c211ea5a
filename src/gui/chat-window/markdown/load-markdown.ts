import { chunkLoader } from '../../ui/lazy-named';
import { whenIdle } from '../../ui/when-idle';

/** The markdown renderer's chunk (fetched once); `LazyMarkdown` renders with it. Small, so preloading costs the first load nothing. */
export const loadMarkdown = chunkLoader(() => import('./markdown'));

/**
 * Starts fetching the markdown chunk ahead of the first message that needs it (e.g. when a chat is
 * about to open). Never called at start-up: the shell does not need it.
 */
export function preloadMarkdown(): void {
  // A failure is shown where the renderer is needed (plain text, tried again with the next text).
  void loadMarkdown().catch(() => {});
}

/**
 * For an open chat with messages: its answers, or the one about to be asked for, need the renderer.
 * Fetched and evaluated while the browser is idle, not in the frame that shows the first streamed words
 * (evaluating the chunk is a long task of its own). Not for `/` before anything was asked: the first
 * screen loads no markdown until a message needs it (issue 12).
 */
export function preloadMarkdownWhenIdle(): void {
  whenIdle(preloadMarkdown, 3000);
}
