export { ThemeSelect, ThemeToggle } from './theme-toggle';
export {
  type Accent,
  type FontSize,
  type ThemePreference,
  resolveTheme,
  startThemeSync,
  useThemeStore,
} from './theme-store';
