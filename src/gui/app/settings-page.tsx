import { useEffect, useState } from 'react';
import { describeUnknownError, useModels, useSettings, useUpdateSettings } from '../api';
import { type Accent, type FontSize, ThemeSelect, useThemeStore } from '../theme-manager';
import { useUiStore } from './ui-store';

function Row({ id, label, hint, children }: { id: string; label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-2 py-3 sm:grid-cols-[14rem_1fr] sm:items-start">
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {hint && <p className="m-0 text-xs text-muted-foreground">{hint}</p>}
      </div>
      <div>{children}</div>
    </div>
  );
}

/** Appearance (this browser) and defaults (stored on the server). */
export default function SettingsPage() {
  const fontSize = useThemeStore((s) => s.fontSize);
  const setFontSize = useThemeStore((s) => s.setFontSize);
  const accent = useThemeStore((s) => s.accent);
  const setAccent = useThemeStore((s) => s.setAccent);
  const settings = useSettings();
  const models = useModels();
  const update = useUpdateSettings();
  const [systemPrompt, setSystemPrompt] = useState('');

  useEffect(() => {
    if (settings.data) setSystemPrompt(settings.data.defaultSystemPrompt ?? '');
  }, [settings.data]);

  const chatModels = (models.data?.models ?? []).filter((m) => m.canChat);

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl px-4 py-6">
        <h1 className="mt-0 mb-2 text-xl font-semibold">Settings</h1>

        <h2 className="mt-6 mb-0 text-sm font-semibold text-muted-foreground">Appearance</h2>
        <div className="divide-y divide-border">
          <Row id="setting-theme" label="Theme" hint="System follows your operating system.">
            <ThemeSelect id="setting-theme" />
          </Row>
          <Row id="setting-font-size" label="Text size">
            <select
              id="setting-font-size"
              className="field"
              value={fontSize}
              onChange={(e) => setFontSize(e.target.value as FontSize)}
            >
              <option value="small">Small</option>
              <option value="medium">Medium</option>
              <option value="large">Large</option>
            </select>
          </Row>
          <Row id="setting-accent" label="Accent colour">
            <select
              id="setting-accent"
              className="field"
              value={accent}
              onChange={(e) => setAccent(e.target.value as Accent)}
            >
              <option value="blue">Blue</option>
              <option value="violet">Violet</option>
              <option value="green">Green</option>
              <option value="orange">Orange</option>
            </select>
          </Row>
        </div>

        <h2 className="mt-8 mb-0 text-sm font-semibold text-muted-foreground">New chats</h2>
        <div className="divide-y divide-border">
          <Row id="setting-default-model" label="Default model">
            <select
              id="setting-default-model"
              className="field"
              value={settings.data?.defaultModel ?? ''}
              disabled={!settings.isSuccess}
              onChange={(e) => update.mutate({ ...settings.data, defaultModel: e.target.value || null })}
            >
              <option value="">First available model</option>
              {chatModels.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
              {settings.data?.defaultModel && !chatModels.some((m) => m.name === settings.data?.defaultModel) && (
                <option value={settings.data.defaultModel}>{settings.data.defaultModel} (not installed)</option>
              )}
            </select>
          </Row>
          <Row id="setting-system-prompt" label="Default system prompt" hint="Used by chats you create from now on.">
            <textarea
              id="setting-system-prompt"
              className="field min-h-24 font-mono"
              value={systemPrompt}
              disabled={!settings.isSuccess}
              onChange={(e) => setSystemPrompt(e.target.value)}
              onBlur={() => {
                if ((settings.data?.defaultSystemPrompt ?? '') !== systemPrompt) {
                  update.mutate({ ...settings.data, defaultSystemPrompt: systemPrompt });
                }
              }}
            />
          </Row>
        </div>
        {update.isError && (
          <p className="text-sm text-danger" role="alert">
            {describeUnknownError(update.error).text}
          </p>
        )}
        {update.isSuccess && <p className="text-sm text-success">Saved.</p>}

        <h2 className="mt-8 mb-2 text-sm font-semibold text-muted-foreground">Keyboard</h2>
        <button type="button" className="btn" onClick={() => useUiStore.getState().setShortcutsOpen(true)}>
          Show keyboard shortcuts
        </button>
      </div>
    </div>
  );
}
