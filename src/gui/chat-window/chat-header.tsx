import { lazy, Suspense, useState } from 'react';
import type { Chat } from '../../shared/api';
import { ModelPicker } from '../model-selector';
import { PresetPicker } from '../presets/preset-picker';
import { ThemeToggle } from '../theme-manager';
import { MenuIcon, SettingsIcon, SidebarIcon, TrashIcon } from '../ui/icons';
import { navigate } from '../ui/router';
import { useUiStore } from '../ui/ui-store';
import { DeleteChatDialog } from './delete-chat-dialog';
import { ExportMenu } from './export-menu';

// Fetched the first time a chat's settings open: nothing on the way to a first answer needs it.
const ChatSettingsDialog = lazy(async () => ({ default: (await import('./chat-settings-dialog')).ChatSettingsDialog }));

export interface ChatHeaderProps {
  chat: Chat | null;
  model: string | null;
  onModelChange: (name: string) => void;
}

export function ChatHeader({ chat, model, onModelChange }: ChatHeaderProps) {
  const collapsed = useUiStore((s) => s.sidebarCollapsed);
  const toggleSidebar = useUiStore((s) => s.toggleSidebar);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  return (
    <header className="flex h-13 flex-none items-center gap-1 border-b border-border px-2 md:px-3">
      <button
        type="button"
        className="icon-button md:hidden"
        aria-label="Open the chat list"
        onClick={toggleSidebar}
        data-testid="open-sidebar"
      >
        <MenuIcon />
      </button>
      {collapsed && (
        <button
          type="button"
          className="icon-button hidden md:inline-flex"
          aria-label="Show the sidebar"
          title="Show the sidebar"
          onClick={toggleSidebar}
        >
          <SidebarIcon />
        </button>
      )}
      <ModelPicker value={model} onChange={onModelChange} />
      {chat && <PresetPicker chat={chat} />}
      <div className="ml-auto flex items-center gap-0.5">
        {chat && (
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
          </>
        )}
        <ThemeToggle />
      </div>
      {settingsOpen && chat && (
        <Suspense fallback={null}>
          <ChatSettingsDialog chat={chat} onClose={() => setSettingsOpen(false)} />
        </Suspense>
      )}
      {confirmDelete && chat && (
        <DeleteChatDialog
          chatId={chat.id}
          title={chat.title}
          onClose={() => setConfirmDelete(false)}
          onDeleted={() => navigate('/', { replace: true })}
        />
      )}
    </header>
  );
}
