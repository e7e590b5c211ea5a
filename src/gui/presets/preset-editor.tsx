import { useState } from 'react';
import type { Preset } from '../../shared/presets-api';
import { presetsApi, useModels, usePresetMutation } from '../api';
import { Dialog } from '../ui/dialog';
import { AnswerSettingsFields } from './answer-settings-fields';
import { fromDraft, toDraft } from './parameter-fields';

/** Creates a preset (`preset` null) or edits one; the server checks every value and its reason is shown. */
export function PresetEditor({ preset, onClose }: { preset: Preset | null; onClose: () => void }) {
  const models = useModels();
  const [name, setName] = useState(preset?.name ?? '');
  const [model, setModel] = useState(preset?.model ?? '');
  const [systemPrompt, setSystemPrompt] = useState(preset?.systemPrompt ?? '');
  const [draft, setDraft] = useState(() => toDraft(preset?.options ?? {}));
  const save = usePresetMutation(() => {
    const body = { name, model: model || null, systemPrompt, options: fromDraft(draft) };
    return preset ? presetsApi.update(preset.id, body) : presetsApi.create(body);
  });
  const chatModels = (models.data?.models ?? []).filter((m) => m.canChat);

  return (
    <Dialog title={preset ? `Edit preset “${preset.name}”` : 'New preset'} onClose={onClose} testId="preset-editor">
      <form
        className="space-y-4 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined, { onSuccess: onClose });
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="preset-name" className="mb-1 block font-medium">
              Name
            </label>
            <input
              id="preset-name"
              className="field"
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-autofocus
            />
          </div>
          <div>
            <label htmlFor="preset-model" className="mb-1 block font-medium">
              Model
            </label>
            <select id="preset-model" className="field" value={model} onChange={(e) => setModel(e.target.value)}>
              <option value="">Keep the chat’s model</option>
              {chatModels.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
              {model && !chatModels.some((m) => m.name === model) && <option value={model}>{model}</option>}
            </select>
          </div>
        </div>
        <AnswerSettingsFields
          idPrefix="preset"
          systemPrompt={systemPrompt}
          onSystemPrompt={setSystemPrompt}
          placeholder="e.g. You are a careful code reviewer."
          draft={draft}
          onDraft={setDraft}
          save={save}
          errorTestId="preset-error"
          saveLabel="Save preset"
          saveTestId="preset-save"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
