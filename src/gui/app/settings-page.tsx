import { useEffect, useState } from 'react';
import { keepAliveText, parseKeepAlive } from '../../shared/model-name';
import { EXPORT_URLS } from '../../shared/portability-api';
import { errorText, useModels, useSettings, useUpdateSettings } from '../api';
import { PresetsSection } from '../presets/presets-section';
import { TitleSettings } from '../presets/title-settings';
import { type Accent, type FontSize, ThemeSelect, useThemeStore } from '../theme-manager';
import { useUiStore } from '../ui/ui-store';
import { ImageServerSetting } from './image-server-setting';

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
  const [keepAlive, setKeepAlive] = useState('');
  const [keepAliveError, setKeepAliveError] = useState<string | null>(null);
  const [interval, setIntervalHours] = useState('24');

  useEffect(() => {
    if (!settings.data) return;
    setSystemPrompt(settings.data.defaultSystemPrompt ?? '');
    setKeepAlive(keepAliveText(settings.data.keepAlive));
    setIntervalHours(String(settings.data.autoUpdateIntervalHours ?? 24));
  }, [settings.data]);

  const commitKeepAlive = () => {
    const parsed = parseKeepAlive(keepAlive);
    if (!parsed.ok) {
      setKeepAliveError(parsed.error);
      return;
    }
    setKeepAliveError(null);
    if ((settings.data?.keepAlive ?? null) !== parsed.value)
      update.mutate({ ...settings.data, keepAlive: parsed.value });
  };
  const commitInterval = () => {
    const hours = Math.round(Number(interval));
    if (!Number.isFinite(hours) || hours < 1 || hours > 720) {
      setIntervalHours(String(settings.data?.autoUpdateIntervalHours ?? 24));
      return;
    }
    if (hours !== (settings.data?.autoUpdateIntervalHours ?? 24)) {
      update.mutate({ ...settings.data, autoUpdateIntervalHours: hours });
    }
  };

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
        <PresetsSection />
        <TitleSettings />
        <h2 className="mt-8 mb-0 text-sm font-semibold text-muted-foreground">Models</h2>
        <div className="divide-y divide-border">
          <Row
            id="setting-keep-alive"
            label="Keep models in memory"
            hint="After an answer, before Ollama unloads the model. Each model can override it on its page."
          >
            <input
              id="setting-keep-alive"
              className="field font-mono"
              placeholder="Ollama's default (5m)"
              value={keepAlive}
              disabled={!settings.isSuccess}
              aria-invalid={keepAliveError ? true : undefined}
              aria-describedby="setting-keep-alive-hint"
              onChange={(e) => {
                setKeepAlive(e.target.value);
                setKeepAliveError(null);
              }}
              onBlur={commitKeepAlive}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commitKeepAlive();
              }}
              data-testid="setting-keep-alive"
            />
            <p
              id="setting-keep-alive-hint"
              className={`m-0 mt-1 text-xs ${keepAliveError ? 'text-danger' : 'text-muted-foreground'}`}
            >
              {keepAliveError ?? 'e.g. 10m, 1h, 300 (seconds); -1 keeps them loaded forever, 0 unloads at once.'}
            </p>
          </Row>
          <ImageServerSetting />
          <Row
            id="setting-preload"
            label="Load the model when a chat opens"
            hint="The first answer then starts without waiting for the model to load."
          >
            <label className="inline-flex items-center gap-2 text-sm">
              <input
                id="setting-preload"
                type="checkbox"
                className="h-4 w-4 accent-[var(--accent)]"
                checked={settings.data?.preloadOnOpen ?? false}
                disabled={!settings.isSuccess}
                onChange={(e) => update.mutate({ ...settings.data, preloadOnOpen: e.target.checked })}
                data-testid="setting-preload"
              />
              Preload on open
            </label>
          </Row>
          <Row
            id="setting-auto-update"
            label="Update models automatically"
            hint="Pulls new versions of your models in the background. Each model can override it on its page."
          >
            <label className="inline-flex items-center gap-2 text-sm">
              <input
                id="setting-auto-update"
                type="checkbox"
                className="h-4 w-4 accent-[var(--accent)]"
                checked={settings.data?.autoUpdateDefault ?? false}
                disabled={!settings.isSuccess}
                onChange={(e) => update.mutate({ ...settings.data, autoUpdateDefault: e.target.checked })}
                data-testid="setting-auto-update"
              />
              Automatic updates
            </label>
          </Row>
          <Row id="setting-update-interval" label="Check for updates every" hint="Hours between checks (1–720).">
            <div className="flex items-center gap-2">
              <input
                id="setting-update-interval"
                type="number"
                min={1}
                max={720}
                className="field !w-28"
                value={interval}
                disabled={!settings.isSuccess}
                onChange={(e) => setIntervalHours(e.target.value)}
                onBlur={commitInterval}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') commitInterval();
                }}
                data-testid="setting-update-interval"
              />
              <span className="text-sm text-muted-foreground">hours</span>
            </div>
          </Row>
        </div>

        {update.isError && (
          <p className="text-sm text-danger" role="alert">
            {errorText(update.error)}
          </p>
        )}
        {update.isSuccess && <p className="text-sm text-success">Saved.</p>}

        <h2 className="mt-8 mb-2 text-sm font-semibold text-muted-foreground">Your data</h2>
        <p className="mt-0 mb-2 text-sm text-muted-foreground">
          The export holds every chat with its branches and images and can be imported here again. The backup is a copy
          of the database: to restore it, stop the app and replace ollama-chat.sqlite in the data folder.
        </p>
        <div className="flex flex-wrap gap-2">
          <a className="btn no-underline" href={EXPORT_URLS.all} download data-testid="export-all">
            Export all chats
          </a>
          <a className="btn no-underline" href={EXPORT_URLS.backup} download data-testid="download-backup">
            Download a backup
          </a>
        </div>

        <h2 className="mt-8 mb-2 text-sm font-semibold text-muted-foreground">Keyboard</h2>
        <button type="button" className="btn" onClick={() => useUiStore.getState().setShortcutsOpen(true)}>
          Show keyboard shortcuts
        </button>
      </div>
    </div>
  );
}
