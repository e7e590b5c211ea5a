/**
 * The open chat's own controls in the header: preset, export, settings, delete. Nothing on the welcome
 * screen shows them, so they are their own chunk (`loadChatActions`), fetched when idle and when a chat
 * opens (with the message list), not in the first load of `/`.
 */
import { useState } from 'react';
import type { Chat } from '../../shared/api';
import { SettingsIcon } from '../ui/icons';
import { TrashIcon } from '../ui/icons-later';
import { Deferred, lazyNamed } from '../ui/lazy-named';
import { DeleteChatDialog } from './delete-chat-dialog';
import { ExportMenu } from './export-menu';

export { PresetPicker } from '../presets/preset-picker';

// Fetched the first time a chat's settings open: nothing on the way to a first answer needs it.
const ChatSettingsDialog = lazyNamed(
  () => import('./chat-settings-dialog'),
  (m) => m.ChatSettingsDialog,
);

export function ChatActions({ chat }: { chat: Chat }) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <>
      <ExportMenu chatId={chat.id} />
      <button
        type="button"
        className="icon-button"
        aria-label="Chat settings (system prompt, parameters)"
        title="Chat settings"
        onClick={() => setSettingsOpen(true)}
        data-testid="chat-settings-button"
      >
        <SettingsIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Delete this chat"
        title="Delete chat"
        onClick={() => setConfirmDelete(true)}
      >
        <TrashIcon />
      </button>
      {settingsOpen && (
        <Deferred onError={() => setSettingsOpen(false)}>
          <ChatSettingsDialog chat={chat} onClose={() => setSettingsOpen(false)} />
        </Deferred>
      )}
      {confirmDelete && (
        <DeleteChatDialog chatId={chat.id} title={chat.title} onClose={() => setConfirmDelete(false)} />
      )}
    </>
  );
}
