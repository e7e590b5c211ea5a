import { create } from 'zustand';

export type ThemePreference = 'light' | 'dark' | 'system';
export type FontSize = 'small' | 'medium' | 'large';
export type Accent = 'blue' | 'violet' | 'green' | 'orange';

// Same keys and values as public/theme-init.js, which applies them before first paint.
export const THEME_KEY = 'ollama-chat:theme';
export const FONT_SIZE_KEY = 'ollama-chat:font-size';
export const ACCENT_KEY = 'ollama-chat:accent';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private mode or a full quota: the choice still applies for this session.
  }
}

const darkQuery = () =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;

export function resolveTheme(preference: ThemePreference, systemDark: boolean): 'light' | 'dark' {
  return preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
}

function applyToDocument(preference: ThemePreference, resolved: 'light' | 'dark', fontSize: FontSize, accent: Accent) {
  const root = document.documentElement;
  root.classList.toggle('dark', resolved === 'dark');
  root.setAttribute('data-theme', preference);
  root.style.colorScheme = resolved;
  if (fontSize === 'medium') root.removeAttribute('data-font-size');
  else root.setAttribute('data-font-size', fontSize);
  root.setAttribute('data-accent', accent);
}

interface ThemeState {
  preference: ThemePreference;
  resolved: 'light' | 'dark';
  fontSize: FontSize;
  accent: Accent;
  setPreference: (preference: ThemePreference) => void;
  setFontSize: (size: FontSize) => void;
  setAccent: (accent: Accent) => void;
}

function initialPreference(): ThemePreference {
  const stored = read(THEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function initialFontSize(): FontSize {
  const stored = read(FONT_SIZE_KEY);
  return stored === 'small' || stored === 'large' ? stored : 'medium';
}

function initialAccent(): Accent {
  const stored = read(ACCENT_KEY);
  return stored === 'violet' || stored === 'green' || stored === 'orange' ? stored : 'blue';
}

export const useThemeStore = create<ThemeState>((set, get) => {
  const preference = initialPreference();
  return {
    preference,
    resolved: resolveTheme(preference, darkQuery()?.matches ?? false),
    fontSize: initialFontSize(),
    accent: initialAccent(),
    setPreference: (next) => {
      write(THEME_KEY, next);
      set({ preference: next, resolved: resolveTheme(next, darkQuery()?.matches ?? false) });
      const s = get();
      applyToDocument(s.preference, s.resolved, s.fontSize, s.accent);
    },
    setFontSize: (fontSize) => {
      write(FONT_SIZE_KEY, fontSize);
      set({ fontSize });
      const s = get();
      applyToDocument(s.preference, s.resolved, s.fontSize, s.accent);
    },
    setAccent: (accent) => {
      write(ACCENT_KEY, accent);
      set({ accent });
      const s = get();
      applyToDocument(s.preference, s.resolved, s.fontSize, s.accent);
    },
  };
});

/** Follows the OS colour scheme live while the preference is "system"; call once at start-up. */
export function startThemeSync(): () => void {
  const s = useThemeStore.getState();
  applyToDocument(s.preference, s.resolved, s.fontSize, s.accent);
  const query = darkQuery();
  if (!query) return () => {};
  const onChange = () => {
    const state = useThemeStore.getState();
    const resolved = resolveTheme(state.preference, query.matches);
    if (resolved !== state.resolved) useThemeStore.setState({ resolved });
    applyToDocument(state.preference, resolved, state.fontSize, state.accent);
  };
  query.addEventListener('change', onChange);
  // Another tab changed the theme: follow it.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_KEY && event.key !== FONT_SIZE_KEY && event.key !== ACCENT_KEY) return;
    useThemeStore.setState({ preference: initialPreference(), fontSize: initialFontSize(), accent: initialAccent() });
    onChange();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    query.removeEventListener('change', onChange);
    window.removeEventListener('storage', onStorage);
  };
}
