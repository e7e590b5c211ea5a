// Runs synchronously in <head>, before first paint, so the stored theme never flashes the wrong colours.
// Kept in sync with src/gui/theme-manager/theme-store.ts (same keys and values).
(() => {
  var root = document.documentElement;
  var read = (key) => {
    try {
      return window.localStorage.getItem(key);
    } catch (_e) {
      return null;
    }
  };
  var pref = read('ollama-chat:theme');
  if (pref !== 'light' && pref !== 'dark') pref = 'system';
  var dark =
    pref === 'dark' ||
    (pref === 'system' && !!window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  root.classList.toggle('dark', dark);
  root.setAttribute('data-theme', pref);
  root.style.colorScheme = dark ? 'dark' : 'light';
  if (read('ollama-chat:sidebar-collapsed') === '1') root.setAttribute('data-sidebar', 'collapsed');
  var size = read('ollama-chat:font-size');
  if (size === 'small' || size === 'large') root.setAttribute('data-font-size', size);
  var accent = read('ollama-chat:accent');
  if (accent === 'violet' || accent === 'green' || accent === 'orange' || accent === 'blue') {
    root.setAttribute('data-accent', accent);
  }
})();
