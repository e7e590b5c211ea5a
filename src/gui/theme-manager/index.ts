export {
  type Accent,
  type FontSize,
  resolveTheme,
  startThemeSync,
  type ThemePreference,
  useThemeStore,
} from './theme-store';
export { ThemeSelect, ThemeToggle } from './theme-toggle';
