import type { ErrorAction, ErrorInfo } from '../../shared/error-info';
import { CodeText } from './code-text';
import { CopyButton } from './copy-button';
import { navigate } from './router';
import { useUiStore } from './ui-store';

/** The model an error is about, for "Pull it": the server's details, else its `ollama pull` command. */
export function errorModel(error: ErrorInfo): string | null {
  const details = error.details as { model?: unknown } | undefined;
  if (details && typeof details.model === 'string') return details.model;
  return /ollama pull (\S+)/.exec(error.hint?.command ?? '')?.[1] ?? null;
}

/**
 * The server's message and hint exactly as sent; the hint's command as copyable code, unless the
 * caller offers what it does as a button right there (`showCommand={false}`).
 */
export function ErrorText({ error, showCommand = true }: { error: ErrorInfo; showCommand?: boolean }) {
  // Stored answers come from the server unchecked: a hint without text is not shown.
  const hint = typeof error.hint?.text === 'string' ? error.hint : undefined;
  return (
    <>
      <CodeText text={error.message} />
      {hint && (
        <>
          {' '}
          <span data-testid="error-hint">
            <CodeText text={hint.text} />
          </span>
          {showCommand && typeof hint.command === 'string' && !hint.text.includes(hint.command) && (
            <span className="ml-1 inline-flex items-center gap-1 align-middle">
              <code className="inline-code" data-testid="error-command">
                {hint.command}
              </code>
              <CopyButton text={hint.command} label="Copy command" />
            </span>
          )}
        </>
      )}
    </>
  );
}

const LABELS: Record<ErrorAction, string> = {
  retry: 'Retry',
  continue: 'Continue',
  pull_model: 'Pull the model',
  switch_model: 'Switch model',
  open_models: 'Open Models',
  open_settings: 'Open settings',
  reload: 'Reload',
};

export interface ErrorActionHandlers {
  onRetry?: () => void;
  onContinue?: () => void;
}

/** What the hint's action does; null when the caller cannot offer it here (e.g. Retry without a request). */
export function errorActionHandler(error: ErrorInfo, handlers: ErrorActionHandlers): (() => void) | null {
  switch (error.hint?.action) {
    case 'retry':
      return handlers.onRetry ?? null;
    case 'continue':
      return handlers.onContinue ?? null;
    case 'pull_model':
      return () => {
        useUiStore.getState().setPullPrefill(errorModel(error));
        navigate('/models');
      };
    case 'switch_model':
      return () => useUiStore.getState().openModelPicker();
    case 'open_models':
      return () => navigate('/models');
    case 'open_settings':
      return () => navigate('/settings');
    case 'reload':
      return () => window.location.reload();
    default:
      return null;
  }
}

/** The hint's action as a button (nothing when there is no action, or none that can run here). */
export function ErrorActionButton({ error, ...handlers }: { error: ErrorInfo } & ErrorActionHandlers) {
  const action = error.hint?.action;
  const run = errorActionHandler(error, handlers);
  if (!action || !run) return null;
  return (
    <button type="button" className="btn" onClick={run} data-testid="error-action" data-action={action}>
      {LABELS[action]}
    </button>
  );
}
