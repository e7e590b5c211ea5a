import type { ErrorInfo } from '../../shared/api';
import { ErrorActionButton, ErrorText } from '../ui/error-notice';
import { AlertIcon, RegenerateIcon } from '../ui/icons';

export interface MessageErrorProps {
  error: ErrorInfo | null;
  onRetry: () => void;
  onContinue: () => void;
}

/** The failed answer shows the server's message and hint, and offers the next step right there. */
export function MessageError({ error, onRetry, onContinue }: MessageErrorProps) {
  // A stored answer from before errors were recorded: say only that it failed.
  const shown: ErrorInfo = error ?? { code: 'unknown', message: 'This answer failed.' };
  const action = shown.hint?.action;
  return (
    <div
      className="my-2 flex flex-wrap items-start gap-3 rounded-lg border border-danger/30 bg-danger-soft px-3 py-2.5 text-sm"
      data-testid="message-error"
      data-error-code={shown.code}
      role="alert"
    >
      <AlertIcon size={18} className="mt-0.5 flex-none text-danger" />
      <p className="m-0 min-w-0 flex-1">
        <ErrorText error={shown} />
      </p>
      <span className="flex flex-wrap gap-2">
        {action && action !== 'retry' && <ErrorActionButton error={shown} onContinue={onContinue} />}
        <button type="button" className="btn" onClick={onRetry} data-testid="retry-button">
          <RegenerateIcon size={14} />
          {action === 'retry' ? 'Retry' : 'Regenerate'}
        </button>
      </span>
    </div>
  );
}
