import type { Chat } from '../../shared/api';
import { ModelPicker } from '../model-selector';
import { ThemeToggle } from '../theme-manager';
import { MenuIcon, SidebarIcon } from '../ui/icons';
import { chunkLoader, Deferred, lazyNamed } from '../ui/lazy-named';
import { useUiStore } from '../ui/ui-store';

/** The open chat's controls (a chunk of their own); fetched when idle and when a chat opens. */
export const loadChatActions = chunkLoader(() => import('./chat-actions'));

const ChatActions = lazyNamed(loadChatActions, (m) => m.ChatActions);
const PresetPicker = lazyNamed(loadChatActions, (m) => m.PresetPicker);

export interface ChatHeaderProps {
  chat: Chat | null;
  model: string | null;
  onModelChange: (name: string) => void;
}

export function ChatHeader({ chat, model, onModelChange }: ChatHeaderProps) {
  const collapsed = useUiStore((s) => s.sidebarCollapsed);
  const toggleSidebar = useUiStore((s) => s.toggleSidebar);

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
      {chat && (
        <Deferred quiet>
          <PresetPicker chat={chat} />
        </Deferred>
      )}
      <div className="ml-auto flex items-center gap-0.5">
        {chat && (
          <Deferred>
            <ChatActions chat={chat} />
          </Deferred>
        )}
        <ThemeToggle />
      </div>
    </header>
  );
}
