import type { Chat, ChatOptions } from '../../shared/api';
import type { Preset } from '../../shared/presets-api';
import { errorText, useApplyPreset, usePresets } from '../api';
import { showToast } from '../ui/toast-store';

function sameOptions(a: ChatOptions, b: ChatOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ChatOptions>;
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** The preset whose settings the chat has now (the picker shows it as chosen). */
function matching(chat: Chat, presets: Preset[]): Preset | undefined {
  return presets.find(
    (p) =>
      p.systemPrompt === chat.systemPrompt &&
      (p.model === null || p.model === chat.model) &&
      sameOptions(p.options, chat.options),
  );
}

/** Chat header: applies a preset (system prompt, model, parameters) to the open chat. */
export function PresetPicker({ chat }: { chat: Chat }) {
  const presets = usePresets();
  const apply = useApplyPreset();
  const list = presets.data?.presets ?? [];
  if (list.length === 0) return null;
  const current = matching(chat, list);
  return (
    <select
      className="field !w-auto max-w-40 !py-1 text-sm"
      aria-label="Apply a preset to this chat"
      title="Preset: system prompt, model and parameters"
      data-testid="preset-picker"
      value={current?.id ?? ''}
      disabled={apply.isPending}
      onChange={(e) => {
        const preset = list.find((p) => p.id === e.target.value);
        if (!preset) return;
        apply.mutate(
          { presetId: preset.id, chatId: chat.id },
          {
            onSuccess: () => showToast('success', `Applied the preset “${preset.name}”.`),
            onError: (error) => showToast('error', errorText(error)),
          },
        );
      }}
    >
      <option value="">Preset…</option>
      {list.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
