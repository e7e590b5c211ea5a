import { clientErrors, errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { AlertIcon } from '../ui/icons';
import type { HealthState } from './use-health';

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
      className="absolute inset-x-2 top-15 z-30 mx-auto flex max-w-2xl flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-warning/40 bg-warning-soft px-4 py-2 text-sm shadow-lg"
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
