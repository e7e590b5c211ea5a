import { useEffect } from 'react';
import { navigate } from '../ui/router';
import { isNarrow, useUiStore } from '../ui/ui-store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const MOD = isMac ? '⌘' : 'Ctrl';

/** Shown in the `?` overlay; the handler below implements them. */
export const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: [MOD, 'Shift', 'O'], label: 'New chat' },
  { keys: ['Shift', 'Esc'], label: 'Focus the message box' },
  { keys: [MOD, 'K'], label: 'Search chats' },
  { keys: ['Esc'], label: 'Stop generating' },
  { keys: [MOD, 'Shift', 'C'], label: 'Copy the last answer' },
  { keys: ['↑'], label: 'Edit your last message (in an empty message box)' },
  { keys: [MOD, 'Shift', 'S'], label: 'Show or hide the sidebar' },
  { keys: [MOD, ','], label: 'Settings' },
  { keys: ['?'], label: `Show these shortcuts (also ${MOD}+/)` },
];

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

function dialogOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/** The app's keyboard shortcuts (UX.md), on the document. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || event.keyCode === 229) return;
      const ui = useUiStore.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();

      if (mod && event.shiftKey && key === 'o') {
        event.preventDefault();
        ui.setDrawerOpen(false);
        navigate('/');
        requestAnimationFrame(() => useUiStore.getState().chatCommands?.focusComposer());
        return;
      }
      if (mod && event.shiftKey && key === 's') {
        event.preventDefault();
        ui.toggleSidebar();
        return;
      }
      if (mod && event.shiftKey && key === 'c') {
        if (ui.chatCommands) {
          event.preventDefault();
          ui.chatCommands.copyLastAnswer();
        }
        return;
      }
      if (mod && !event.shiftKey && key === 'k') {
        event.preventDefault();
        if (isNarrow()) ui.setDrawerOpen(true);
        else if (ui.sidebarCollapsed) ui.toggleSidebar();
        requestAnimationFrame(() => useUiStore.getState().searchFocus?.());
        return;
      }
      if (mod && key === ',') {
        event.preventDefault();
        navigate('/settings');
        return;
      }
      if ((mod && key === '/') || (key === '?' && !mod && !typingInField(event.target))) {
        event.preventDefault();
        ui.setShortcutsOpen(!ui.shortcutsOpen);
        return;
      }
      if (event.key === 'Escape' && event.shiftKey) {
        event.preventDefault();
        ui.chatCommands?.focusComposer();
        return;
      }
      if (event.key === 'Escape' && !event.defaultPrevented && !dialogOpen()) {
        if (ui.drawerOpen) {
          ui.setDrawerOpen(false);
          return;
        }
        if (ui.chatCommands?.stop()) event.preventDefault();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
