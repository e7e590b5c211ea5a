import { loadChatActions } from './chat-header';
import { loadMessageList } from './lazy-message-list';
import { preloadMarkdown } from './markdown/load-markdown';

/**
 * Fetches what opening a chat needs beyond the first screen's code: the message list, the header's controls and
 * the markdown renderer. For the moment a chat is about to open (the pointer comes to it in the sidebar, or a key
 * focuses it): a chunk still on its way when its part renders shows a fallback first, and React then holds the
 * content back up to 300 ms. Each chunk is fetched once; a failure shows where the part is needed.
 */
export function preloadChatView(): void {
  void loadMessageList().catch(() => {});
  void loadChatActions().catch(() => {});
  preloadMarkdown();
}
