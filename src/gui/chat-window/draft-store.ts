/** Composer drafts per chat, kept across navigation and reloads (localStorage). */
const PREFIX = 'ollama-chat:draft:';
/** The composer of a chat that does not exist yet (home / new chat). */
export const NEW_CHAT_DRAFT = 'new';

export function loadDraft(chatKey: string): string {
  try {
    return window.localStorage.getItem(PREFIX + chatKey) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(chatKey: string, text: string): void {
  try {
    if (text.trim() === '') window.localStorage.removeItem(PREFIX + chatKey);
    else window.localStorage.setItem(PREFIX + chatKey, text);
  } catch {
    // Quota or private mode: the draft lives as long as the page.
  }
}

export function clearDraft(chatKey: string): void {
  saveDraft(chatKey, '');
}
