export { type Accent, type FontSize, startThemeSync, useThemeStore } from './theme-store';
export { ThemeSelect, ThemeToggle } from './theme-toggle';
