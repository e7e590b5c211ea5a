import { create } from 'zustand';

const COLLAPSED_KEY = 'ollama-chat:sidebar-collapsed';
/** Below this width the sidebar is an overlay drawer. */
export const NARROW_QUERY = '(max-width: 767px)';

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function isNarrow(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches;
}

/** What the open chat lets global shortcuts do. */
export interface ChatCommands {
  stop: () => boolean;
  copyLastAnswer: () => void;
  focusComposer: () => void;
}

interface UiState {
  sidebarCollapsed: boolean;
  drawerOpen: boolean;
  shortcutsOpen: boolean;
  chatCommands: ChatCommands | null;
  searchFocus: (() => void) | null;
  /** Checks the server's health now (set while the app's health poller runs). */
  healthCheck: (() => void) | null;
  /** A model name the Models page's pull form starts with (an error's "Pull it" button). */
  pullPrefill: string | null;
  /** Bumped to ask the open chat's model picker to open (an error's "Switch model" button). */
  modelPickerRequests: number;
  toggleSidebar: () => void;
  setDrawerOpen: (open: boolean) => void;
  setShortcutsOpen: (open: boolean) => void;
  setChatCommands: (commands: ChatCommands | null) => void;
  setSearchFocus: (focus: (() => void) | null) => void;
  setHealthCheck: (check: (() => void) | null) => void;
  setPullPrefill: (name: string | null) => void;
  openModelPicker: () => void;
}

export const useUiStore = create<UiState>((set, get) => ({
  sidebarCollapsed: readCollapsed(),
  drawerOpen: false,
  shortcutsOpen: false,
  chatCommands: null,
  searchFocus: null,
  healthCheck: null,
  pullPrefill: null,
  modelPickerRequests: 0,
  toggleSidebar: () => {
    if (isNarrow()) {
      set({ drawerOpen: !get().drawerOpen });
      return;
    }
    const collapsed = !get().sidebarCollapsed;
    try {
      window.localStorage.setItem(COLLAPSED_KEY, collapsed ? '1' : '0');
    } catch {
      // Not persisted; fine.
    }
    set({ sidebarCollapsed: collapsed });
  },
  setDrawerOpen: (drawerOpen) => set({ drawerOpen }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setChatCommands: (chatCommands) => set({ chatCommands }),
  setSearchFocus: (searchFocus) => set({ searchFocus }),
  setHealthCheck: (healthCheck) => set({ healthCheck }),
  setPullPrefill: (pullPrefill) => set({ pullPrefill }),
  openModelPicker: () => set({ modelPickerRequests: get().modelPickerRequests + 1 }),
}));
