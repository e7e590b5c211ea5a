import { MoonIcon, SunIcon } from '../ui/icons';
import { type ThemePreference, useThemeStore } from './theme-store';

/**
 * Header switch: flips between light and dark (one click always changes what you see).
 * "System" (follow the OS) is chosen on the settings page.
 */
export function ThemeToggle() {
  const resolved = useThemeStore((s) => s.resolved);
  const preference = useThemeStore((s) => s.preference);
  const setPreference = useThemeStore((s) => s.setPreference);
  const next = resolved === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      data-theme-preference={preference}
      aria-label={label}
      title={`${label}${preference === 'system' ? ' (now following the system)' : ''}`}
      onClick={() => setPreference(next)}
    >
      {resolved === 'dark' ? <SunIcon /> : <MoonIcon />}
    </button>
  );
}

export function ThemeSelect({ id }: { id?: string }) {
  const preference = useThemeStore((s) => s.preference);
  const setPreference = useThemeStore((s) => s.setPreference);
  return (
    <select
      id={id}
      className="field"
      value={preference}
      data-testid="theme-select"
      onChange={(e) => setPreference(e.target.value as ThemePreference)}
    >
      <option value="system">System</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
