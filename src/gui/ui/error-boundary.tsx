import { Component, type ReactNode } from 'react';
import type { ErrorInfo } from '../../shared/error-info';
import { CLIENT_ERROR_CODES, clientErrors, toErrorInfo } from '../api/error-messages';
import { ErrorActionButton, ErrorText } from './error-notice';

/**
 * A dynamic import that failed: the chunk's request failed or was answered with something else (the
 * server stopped, or was rebuilt while this tab kept the old file names). Chromium, Firefox and Safari
 * word it differently; Vite's preload helper words its own.
 */
const CHUNK_LOAD_FAILURE =
  /dynamically imported module|Importing a module script failed|Unable to preload CSS|error loading dynamically imported module/i;

/** What went wrong, as the wire error shape: a chunk that did not load, else whatever was thrown. */
export function renderErrorInfo(error: unknown): ErrorInfo {
  const message = error instanceof Error ? error.message : String(error);
  if (CHUNK_LOAD_FAILURE.test(message)) return clientErrors.chunkLoadFailed();
  return toErrorInfo(error);
}

interface Props {
  children: ReactNode;
  /** What to draw instead of the children once one of them threw (or a lazy chunk failed to load). */
  fallback: (error: ErrorInfo) => ReactNode;
  /**
   * When it changes, the boundary renders its children again: a render error may not recur on another
   * route. A chunk that failed to load stays failed until the page reloads (React keeps a rejected
   * `lazy`, and Chromium a failed module fetch), hence the Reload its fallback offers.
   */
  resetKey?: unknown;
  /**
   * The children stay the same whatever the reset key (a message's renderer, keyed by its text): a
   * chunk of theirs that failed to load is not tried again on each new key, only other errors are.
   */
  keepChunkFailure?: boolean;
  /** Told once per failure, after the fallback is drawn (e.g. to close a dialog that cannot open). */
  onError?: (error: ErrorInfo) => void;
}

interface State {
  error: ErrorInfo | null;
  resetKey: unknown;
}

/**
 * Keeps a failure in one part of the screen from blanking the whole app. React unmounts everything
 * above a render error that no boundary catches; a chunk that fails to load (a lazy page, the markdown
 * renderer, a dialog) is such an error.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: renderErrorInfo(error) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (Object.is(props.resetKey, state.resetKey)) return null;
    // The same children after a chunk of theirs failed would only throw again (see `keepChunkFailure`).
    if (props.keepChunkFailure && state.error?.code === CLIENT_ERROR_CODES.chunkLoadFailed) {
      return { resetKey: props.resetKey };
    }
    return { error: null, resetKey: props.resetKey };
  }

  // React itself logs the caught error with its component stack; the user sees the worded message.
  override componentDidCatch(error: unknown): void {
    this.props.onError?.(renderErrorInfo(error));
  }

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/** A page-sized notice: what failed and the way out (Reload). */
export function ErrorPanel({ error }: { error: ErrorInfo }) {
  return (
    <div className="flex h-full min-h-0 flex-1 items-center justify-center p-6" data-testid="error-panel">
      <div role="alert" className="max-w-md space-y-3 text-center text-sm">
        <p>
          <ErrorText error={error} />
        </p>
        <ErrorActionButton error={error} />
      </div>
    </div>
  );
}

/** A one-line notice for a small part of the screen (header buttons, a bar above the composer). */
export function ErrorInline({ error }: { error: ErrorInfo }) {
  return (
    <span
      role="alert"
      className="inline-flex items-center gap-2 text-xs text-muted-foreground"
      data-testid="error-inline"
    >
      <span>{error.message}</span>
      <ErrorActionButton error={error} />
    </span>
  );
}
