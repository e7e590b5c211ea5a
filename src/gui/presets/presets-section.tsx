import { useState } from 'react';
import type { Preset } from '../../shared/presets-api';
import { errorText, presetsApi, usePresetMutation, usePresets } from '../api';
import { ConfirmDialog } from '../ui/dialog';
import { showToast } from '../ui/toast-store';
import { PresetEditor } from './preset-editor';

/** Settings → Presets: create, edit, duplicate, delete (after confirming) and pick the default for new chats. */
export function PresetsSection() {
  const presets = usePresets();
  const [editing, setEditing] = useState<Preset | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Preset | null>(null);
  const onError = (error: unknown) => showToast('error', errorText(error));
  const duplicate = usePresetMutation(presetsApi.duplicate);
  const remove = usePresetMutation(presetsApi.remove);
  const setDefault = usePresetMutation(presetsApi.setDefault);
  const list = presets.data?.presets ?? [];
  const defaultId = presets.data?.defaultPresetId ?? null;

  return (
    <section aria-labelledby="presets-heading" data-testid="presets-section">
      <div className="mt-8 flex items-center gap-2">
        <h2 id="presets-heading" className="m-0 text-sm font-semibold text-muted-foreground">
          Presets
        </h2>
        <button type="button" className="btn ml-auto" onClick={() => setEditing('new')} data-testid="new-preset">
          New preset
        </button>
      </div>
      <p className="mt-1 mb-2 text-xs text-muted-foreground">
        A preset is a system prompt, a model and parameters you can apply to any chat from its header. New chats start
        from the default one.
      </p>
      {presets.isError && <p className="text-sm text-danger">{errorText(presets.error)}</p>}
      {presets.isSuccess && list.length === 0 && <p className="text-sm text-muted-foreground">No presets yet.</p>}
      <ul className="m-0 list-none divide-y divide-border p-0">
        {list.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center gap-2 py-2" data-testid="preset-row">
            <div className="min-w-0 flex-1">
              <span className="font-medium">{p.name}</span>
              {p.id === defaultId && (
                <span className="ml-2 rounded bg-muted px-1.5 py-0.5 text-xs" data-testid="preset-default-badge">
                  Default for new chats
                </span>
              )}
              <div className="truncate text-xs text-muted-foreground">
                {p.model ?? 'chat’s model'} · {Object.keys(p.options).length} parameter
                {Object.keys(p.options).length === 1 ? '' : 's'}
                {p.systemPrompt ? ` · ${p.systemPrompt.slice(0, 80)}` : ''}
              </div>
            </div>
            <button type="button" className="btn" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
              Edit
            </button>
            <button
              type="button"
              className="btn"
              aria-label={`Duplicate ${p.name}`}
              onClick={() => duplicate.mutate(p.id, { onError })}
            >
              Duplicate
            </button>
            <button
              type="button"
              className="btn"
              aria-pressed={p.id === defaultId}
              aria-label={p.id === defaultId ? `Stop using ${p.name} for new chats` : `Use ${p.name} for new chats`}
              onClick={() => setDefault.mutate(p.id === defaultId ? null : p.id, { onError })}
            >
              {p.id === defaultId ? 'Unset default' : 'Set default'}
            </button>
            <button type="button" className="btn" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {editing && <PresetEditor preset={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete this preset?"
          body={<p className="m-0">“{deleting.name}” will be deleted. Chats it was applied to keep their settings.</p>}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            remove.mutate(deleting.id, { onError });
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}
