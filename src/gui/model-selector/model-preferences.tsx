import { useEffect, useId, useState } from 'react';
import { keepAliveText, parseKeepAlive } from '../../shared/model-name';
import { errorText, useSettings } from '../api';
import { CodeText } from '../ui/code-text';
import { useModelPreferences, useUpdateModelPreferences } from './model-queries';

/** Per-model auto-update and keep-alive (null = the global default from Settings). */
export function ModelPreferencesForm({ name }: { name: string }) {
  const prefs = useModelPreferences(name);
  const settings = useSettings();
  const update = useUpdateModelPreferences(name);
  const [keepAlive, setKeepAlive] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const autoId = useId();
  const keepId = useId();
  const hintId = useId();

  useEffect(() => {
    if (prefs.data) setKeepAlive(keepAliveText(prefs.data.keepAlive));
  }, [prefs.data]);

  if (prefs.isError) {
    return (
      <p className="text-sm text-muted-foreground" role="status">
        <CodeText text={`Preferences aren't available: ${errorText(prefs.error)}`} />
      </p>
    );
  }

  const save = (body: Parameters<typeof update.mutate>[0]) => {
    setSaved(false);
    update.mutate(body, {
      onSuccess: () => setSaved(true),
      onError: (err) => setError(errorText(err)),
    });
  };

  const defaultAuto = settings.data?.autoUpdateDefault ?? false;
  const globalKeep = keepAliveText(settings.data?.keepAlive) || '5m';
  const autoValue = prefs.data?.autoUpdate === null || prefs.data === undefined ? '' : String(prefs.data.autoUpdate);

  const commitKeepAlive = () => {
    const parsed = parseKeepAlive(keepAlive);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (prefs.data && parsed.value === prefs.data.keepAlive) return;
    save({ keepAlive: parsed.value });
  };

  return (
    <section aria-label="Preferences" className="mt-6" data-testid="model-preferences">
      <h3 className="mt-0 mb-2 text-sm font-semibold">Preferences</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={autoId} className="block text-sm font-medium">
            Automatic updates
          </label>
          <select
            id={autoId}
            className="field mt-1"
            value={autoValue}
            disabled={!prefs.isSuccess || update.isPending}
            onChange={(e) => save({ autoUpdate: e.target.value === '' ? null : e.target.value === 'true' })}
            data-testid="pref-auto-update"
          >
            <option value="">Use the default ({defaultAuto ? 'on' : 'off'})</option>
            <option value="true">On — pull new versions automatically</option>
            <option value="false">Off — only when I check</option>
          </select>
        </div>
        <div>
          <label htmlFor={keepId} className="block text-sm font-medium">
            Keep in memory after use
          </label>
          <input
            id={keepId}
            className="field mt-1 font-mono"
            placeholder={`default (${globalKeep})`}
            value={keepAlive}
            disabled={!prefs.isSuccess}
            aria-describedby={hintId}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setKeepAlive(e.target.value);
              setError(null);
            }}
            onBlur={commitKeepAlive}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitKeepAlive();
            }}
            data-testid="pref-keep-alive"
          />
          <p id={hintId} className="m-0 mt-1 text-xs text-muted-foreground">
            e.g. 10m, 1h, 300 (seconds), -1 = forever, 0 = unload at once. Empty = default.
          </p>
        </div>
      </div>
      {error && (
        <p className="m-0 mt-2 text-sm text-danger" role="alert">
          <CodeText text={error} />
        </p>
      )}
      {saved && !error && (
        <p className="m-0 mt-2 text-sm text-success" role="status">
          Saved.
        </p>
      )}
    </section>
  );
}
