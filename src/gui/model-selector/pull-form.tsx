import { type FormEvent, useId, useState } from 'react';
import { validateModelName } from '../../shared/model-name';
import { errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { DownloadIcon } from '../ui/icons';
import { startPull } from './jobs-store';

export interface PullFormProps {
  /** Prefilled suggestion shown as the placeholder. */
  placeholder?: string;
  autoFocus?: boolean;
  compact?: boolean;
  initialName?: string;
}

/** A model name field and a Pull button; the name is checked before anything is sent. */
export function PullForm({
  placeholder = 'Pull a model, e.g. qwen3:0.6b',
  autoFocus,
  compact,
  initialName = '',
}: PullFormProps) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const inputId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const problem = validateModelName(name);
    setError(problem);
    if (problem) return;
    const submitted = name.trim();
    setBusy(true);
    try {
      await startPull(submitted);
      // The user may have typed the next name meanwhile: keep it.
      setName((current) => (current.trim() === submitted ? '' : current));
      setTouched(false);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className={compact ? '' : 'w-full'} data-testid="pull-form">
      <label htmlFor={inputId} className="sr-only">
        Model name to pull
      </label>
      <div className="flex gap-2">
        <input
          id={inputId}
          className="field min-w-0 flex-1 font-mono"
          placeholder={placeholder}
          value={name}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          // biome-ignore lint/a11y/noAutofocus: only where pulling is the one thing to do
          autoFocus={autoFocus}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setName(e.target.value);
            // Once the user tried to send, say as they type whether the name is right now.
            if (touched) setError(e.target.value.trim() ? validateModelName(e.target.value) : null);
          }}
          data-testid="pull-input"
        />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="pull-button">
          <DownloadIcon size={15} /> {busy ? 'Starting…' : 'Pull'}
        </button>
      </div>
      {error && (
        <p id={errorId} className="m-0 mt-1.5 text-sm text-danger" role="alert" data-testid="pull-error">
          <CodeText text={error} />
        </p>
      )}
    </form>
  );
}
