/**
 * The generation parameters as form fields, rendered from the catalogue (src/shared/parameters.ts):
 * each field shows its range and a one-line explanation. Values are sent as typed; the server checks
 * them and its reason is shown (the field it names is marked).
 */
import type { ChatOptions } from '../../shared/api';
import { keepAliveText } from '../../shared/model-name';
import { PARAMETERS, type Parameter, type ParameterKey, rangeText } from '../../shared/parameters';
import { isApiError } from '../api';

/** The text of every field; '' = not set (the default applies). */
export type ParameterDraft = Record<ParameterKey, string>;

const NUMERIC = /^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i;

export function toDraft(options: ChatOptions): ParameterDraft {
  const draft = {} as ParameterDraft;
  for (const p of PARAMETERS) {
    const value = options[p.key];
    if (value === undefined) draft[p.key] = p.kind === 'think' ? 'default' : '';
    else if (p.kind === 'stop') draft[p.key] = (value as string[]).join('\n');
    else if (p.kind === 'keep_alive') draft[p.key] = keepAliveText(value as number | string);
    else draft[p.key] = String(value);
  }
  return draft;
}

/**
 * The options to send. Text that is not a number goes as it was typed, so the server's refusal
 * (which names the parameter and its range) is what the user sees, not a second wording of it.
 */
export function fromDraft(draft: ParameterDraft): ChatOptions {
  const out: Record<string, unknown> = {};
  for (const p of PARAMETERS) {
    const text = (draft[p.key] ?? '').trim();
    if (p.kind === 'think') {
      if (text === 'true') out.think = true;
      else if (text === 'false') out.think = false;
      else if (text !== 'default' && text !== '') out.think = text;
      continue;
    }
    if (text === '') continue;
    if (p.kind === 'stop') {
      const lines = (draft.stop ?? '').split('\n').filter((line) => line !== '');
      if (lines.length > 0) out.stop = lines;
    } else if (p.kind === 'number' || p.kind === 'keep_alive') {
      out[p.key] = NUMERIC.test(text) ? Number(text) : text;
    } else out[p.key] = text;
  }
  // Deliberately unchecked here (see above): the server validates and words the refusal.
  return out as ChatOptions;
}

/** The parameter a server refusal names (`options.temperature: …` in its details), if any. */
export function invalidParameter(error: unknown): ParameterKey | null {
  if (!isApiError(error) || !Array.isArray(error.details)) return null;
  for (const issue of error.details as unknown[]) {
    const path = typeof issue === 'object' && issue !== null ? (issue as { path?: unknown }).path : undefined;
    if (typeof path !== 'string') continue;
    const key = path.replace(/^options\./, '').split('.')[0];
    const found = PARAMETERS.find((p) => p.key === key);
    if (found) return found.key;
  }
  return null;
}

function Field({
  p,
  idPrefix,
  value,
  invalid,
  onChange,
}: {
  p: Parameter;
  idPrefix: string;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  const id = `${idPrefix}-${p.key}`;
  const hintId = `${id}-hint`;
  const common = {
    id,
    className: 'field',
    'aria-describedby': hintId,
    'aria-invalid': invalid || undefined,
    'data-testid': `param-${p.key}`,
  } as const;
  let input: React.ReactNode;
  if (p.kind === 'think') {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="default">Model default</option>
        <option value="true">On</option>
        <option value="false">Off</option>
        <option value="low">Low</option>
        <option value="medium">Medium</option>
        <option value="high">High</option>
      </select>
    );
  } else if (p.kind === 'format') {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Off (free text)</option>
        <option value="json">JSON</option>
      </select>
    );
  } else if (p.kind === 'stop') {
    input = (
      <textarea
        {...common}
        className="field min-h-16"
        placeholder="one per line"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    input = (
      <input
        {...common}
        inputMode={p.kind === 'number' ? (p.integer ? 'numeric' : 'decimal') : undefined}
        placeholder={`default: ${p.defaultText}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={p.kind === 'stop' ? 'sm:col-span-2' : undefined}>
      <label htmlFor={id} className="mb-1 block font-medium">
        {p.label}
      </label>
      {input}
      <p id={hintId} className="m-0 mt-1 text-xs text-muted-foreground">
        <span className="tabular-nums">{rangeText(p)}.</span> {p.help}
      </p>
    </div>
  );
}

export function ParameterFields({
  idPrefix,
  draft,
  invalid,
  onChange,
}: {
  idPrefix: string;
  draft: ParameterDraft;
  /** The field the server's last refusal named. */
  invalid: ParameterKey | null;
  onChange: (draft: ParameterDraft) => void;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {PARAMETERS.map((p) => (
        <Field
          key={p.key}
          p={p}
          idPrefix={idPrefix}
          value={draft[p.key] ?? ''}
          invalid={invalid === p.key}
          onChange={(value) => onChange({ ...draft, [p.key]: value })}
        />
      ))}
    </div>
  );
}
