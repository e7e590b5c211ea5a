import type { ErrorInfo } from '../../shared/api';
import { describeError } from '../api';
import { CodeText } from '../app/code-text';
import { AlertIcon, RegenerateIcon } from '../app/icons';

export interface MessageErrorProps {
  error: ErrorInfo | null;
  model: string | null;
  host: string | null;
  onRetry?: () => void;
}

/** The failed answer says what happened and offers the next step, right where it happened. */
export function MessageError({ error, model, host, onRetry }: MessageErrorProps) {
  const human = describeError(error?.code ?? 'unknown', error?.message, { model, host });
  return (
    <div
      className="my-2 flex flex-wrap items-start gap-3 rounded-lg border border-danger/30 bg-danger-soft px-3 py-2.5 text-sm"
      data-testid="message-error"
      data-error-code={error?.code ?? 'unknown'}
      role="alert"
    >
      <AlertIcon size={18} className="mt-0.5 flex-none text-danger" />
      <p className="m-0 min-w-0 flex-1">
        <CodeText text={human.text} />
      </p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry} data-testid="retry-button">
          <RegenerateIcon size={14} />
          {human.retryable ? 'Retry' : 'Regenerate'}
        </button>
      )}
    </div>
  );
}
