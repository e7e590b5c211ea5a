import { useState } from 'react';
import { clientErrors, errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { AlertIcon, InfoIcon } from '../ui/icons';
import type { HealthState } from './use-health';

/** One banner's bar; `FloatingBanners` places them. */
const BAR = 'flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border px-4 py-2 text-sm shadow-lg';

/**
 * Where the banners float: over the top of the page, below the header, the layout unmoved. Both can show at
 * once (an update landed while Ollama is down): they stack. The column itself lets clicks through to the page.
 */
export function FloatingBanners({
  state,
  onRetry,
  pageBuild = PAGE_BUILD,
}: {
  state: HealthState;
  onRetry: () => void;
  pageBuild?: string | null;
}) {
  return (
    <div className="pointer-events-none absolute inset-x-2 top-15 z-30 mx-auto flex max-w-2xl flex-col gap-2 *:pointer-events-auto">
      <StatusBanner state={state} onRetry={onRetry} />
      <UpdateBanner state={state} pageBuild={pageBuild} />
    </div>
  );
}

/**
 * Global state that blocks chatting: Ollama down (or our own server gone). Disappears by itself.
 * It floats over the top of the page instead of taking a row, so the layout (and the composer's
 * Send/Stop row) does not move when it comes and goes; it sits below the header so the header's
 * buttons stay usable.
 */
export function StatusBanner({ state, onRetry }: { state: HealthState; onRetry: () => void }) {
  if (state.kind !== 'ollama-down' && state.kind !== 'server-down') return null;
  // The server words why Ollama is unreachable (message and hint); only our own server being gone is ours to say.
  const text =
    state.kind === 'ollama-down'
      ? state.health.ollama.error
        ? errorText(state.health.ollama.error)
        : `Ollama at ${state.health.ollama.host} is not reachable.`
      : errorText(clientErrors.serverUnreachable());
  return (
    <div
      className={`${BAR} border-warning/40 bg-warning-soft`}
      role="alert"
      data-testid={state.kind === 'ollama-down' ? 'ollama-banner' : 'server-banner'}
    >
      <AlertIcon size={16} className="flex-none text-warning" />
      <span className="min-w-0 flex-1">
        <CodeText text={text} />
        <span className="ml-2 text-muted-foreground">Checking again automatically.</span>
      </span>
      <button type="button" className="btn !py-0.5" onClick={onRetry}>
        Check now
      </button>
    </div>
  );
}

/**
 * The GUI build this page runs: the src of its index.html's module script, as the server reports its own in
 * `Health.gui`. Null under Vite's dev server, which serves sources, not a build.
 */
const PAGE_BUILD: string | null = import.meta.env.DEV
  ? null
  : (document.querySelector('script[type="module"][src]')?.getAttribute('src') ?? null);

/** Whether the server now serves another GUI build than the one this page runs (it was updated and restarted). */
export function runsOtherBuild(state: HealthState, pageBuild: string | null = PAGE_BUILD): boolean {
  // Ollama being down does not hide an update: the server answered, and its build is what the page must match.
  // A server from before `gui` existed (a downgrade) sends none: nothing to compare.
  const served = state.kind === 'ok' || state.kind === 'ollama-down' ? state.health.gui : null;
  return pageBuild !== null && typeof served === 'string' && served !== pageBuild;
}

/**
 * Ollama Chat was updated while this tab stayed open: the page still runs the old GUI, whose code may not
 * match the new server's answers, and whose lazily loaded parts are gone from the server. Reloading loses
 * nothing (chats are on the server, drafts in localStorage). "Later" hides it until the page loads again.
 */
export function UpdateBanner({ state, pageBuild = PAGE_BUILD }: { state: HealthState; pageBuild?: string | null }) {
  const [later, setLater] = useState(false);
  if (later || !runsOtherBuild(state, pageBuild)) return null;
  return (
    <div className={`${BAR} border-accent/40 bg-accent-soft`} role="status" data-testid="update-banner">
      <InfoIcon size={16} className="flex-none text-accent" />
      <span className="min-w-0 flex-1">
        Ollama Chat was updated. Reload this page to use the new version; your chats and drafts are kept.
      </span>
      <button type="button" className="btn !py-0.5" onClick={() => window.location.reload()}>
        Reload
      </button>
      <button
        type="button"
        className="rounded px-1 text-muted-foreground hover:text-foreground"
        onClick={() => setLater(true)}
      >
        Later
      </button>
    </div>
  );
}
