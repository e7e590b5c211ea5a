import { useSyncExternalStore } from 'react';

/** The app's routes; the server answers every non-API path with the app shell (history routing). */
export type Route =
  | { name: 'home' }
  | { name: 'chat'; chatId: string }
  | { name: 'settings' }
  | { name: 'models' }
  | { name: 'model'; model: string };

export function parseRoute(pathname: string): Route {
  const chat = /^\/c\/([^/]+)\/?$/.exec(pathname);
  if (chat?.[1]) return { name: 'chat', chatId: decodeURIComponent(chat[1]) };
  if (/^\/settings\/?$/.test(pathname)) return { name: 'settings' };
  if (/^\/models\/?$/.test(pathname)) return { name: 'models' };
  const model = /^\/models\/([^/]+)\/?$/.exec(pathname);
  if (model?.[1]) {
    try {
      return { name: 'model', model: decodeURIComponent(model[1]) };
    } catch {
      return { name: 'models' };
    }
  }
  return { name: 'home' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'chat':
      return `/c/${encodeURIComponent(route.chatId)}`;
    case 'settings':
      return '/settings';
    case 'models':
      return '/models';
    case 'model':
      return `/models/${encodeURIComponent(route.model)}`;
    default:
      return '/';
  }
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(route: Route | string, options: { replace?: boolean } = {}): void {
  const path = typeof route === 'string' ? route : routePath(route);
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

let cachedPath = '';
let cachedRoute: Route = { name: 'home' };

function getRoute(): Route {
  const path = window.location.pathname;
  if (path !== cachedPath) {
    cachedPath = path;
    cachedRoute = parseRoute(path);
  }
  return cachedRoute;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, getRoute, getRoute);
}

/** Keeps links real (middle-click, copy link) while navigating in-app on a plain click. */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>, route: Route): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return;
  }
  event.preventDefault();
  navigate(route);
}
