import { errorText } from '../api';
import { invalidParameter, type ParameterDraft, ParameterFields } from './parameter-fields';

interface AnswerSettingsFieldsProps {
  /** Prefix of the fields' ids, unique on the page. */
  idPrefix: string;
  systemPrompt: string;
  onSystemPrompt: (text: string) => void;
  placeholder: string;
  draft: ParameterDraft;
  onDraft: (draft: ParameterDraft) => void;
  /** The save's state: its error names the field it refused, and says why below the fields. */
  save: { isError: boolean; error: unknown; isPending: boolean };
  errorTestId: string;
  saveLabel: string;
  saveTestId?: string;
  onCancel: () => void;
  /** The system prompt takes the dialog's first focus (when nothing above it does). */
  autoFocus?: boolean;
}

/**
 * What a chat's settings and a preset share: the system prompt, the generation parameters, the
 * server's reason when it refused them, and Cancel / Save. The form around it is the caller's.
 */
export function AnswerSettingsFields(p: AnswerSettingsFieldsProps) {
  const promptId = `${p.idPrefix}-system-prompt`;
  return (
    <>
      <div>
        <label htmlFor={promptId} className="mb-1 block font-medium">
          System prompt
        </label>
        <textarea
          id={promptId}
          className="field min-h-28"
          value={p.systemPrompt}
          placeholder={p.placeholder}
          onChange={(e) => p.onSystemPrompt(e.target.value)}
          data-autofocus={p.autoFocus ? true : undefined}
        />
      </div>
      <ParameterFields
        idPrefix={p.idPrefix}
        draft={p.draft}
        invalid={p.save.isError ? invalidParameter(p.save.error) : null}
        onChange={p.onDraft}
      />
      {p.save.isError && (
        <p className="text-danger" role="alert" data-testid={p.errorTestId}>
          {errorText(p.save.error)}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={p.onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={p.save.isPending} data-testid={p.saveTestId}>
          {p.save.isPending ? 'Saving…' : p.saveLabel}
        </button>
      </div>
    </>
  );
}
