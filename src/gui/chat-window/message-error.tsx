import type { ErrorInfo } from '../../shared/api';
import { ErrorActionButton, ErrorText, errorModel } from '../ui/error-notice';
import { AlertIcon, RegenerateIcon } from '../ui/icons';
import { MissingModelActions } from './missing-model';

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
  // A missing model is pulled (or switched) right here, not in a terminal or on another page.
  const missingModel = action === 'pull_model' ? errorModel(shown) : null;
  return (
    <div
      className="my-2 flex flex-wrap items-start gap-3 rounded-lg border border-danger/30 bg-danger-soft px-3 py-2.5 text-sm"
      data-testid="message-error"
      data-error-code={shown.code}
      role="alert"
    >
      <AlertIcon size={18} className="mt-0.5 flex-none text-danger" />
      <p className="m-0 min-w-0 flex-1">
        <ErrorText error={shown} showCommand={missingModel === null} />
      </p>
      <span className="flex flex-wrap gap-2">
        {action && action !== 'retry' && !missingModel && <ErrorActionButton error={shown} onContinue={onContinue} />}
        <button type="button" className="btn" onClick={onRetry} data-testid="retry-button">
          <RegenerateIcon size={14} />
          {action === 'retry' ? 'Retry' : 'Regenerate'}
        </button>
      </span>
      {missingModel && (
        <div className="flex basis-full pl-7.5" data-testid="message-error-actions">
          <MissingModelActions model={missingModel} />
        </div>
      )}
    </div>
  );
}
