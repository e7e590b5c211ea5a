import { useModels, useSettings, useUpdateSettings } from '../api';

/** Settings → Titles: whether a chat gets a generated title after its first answer, and with which model. */
export function TitleSettings() {
  const settings = useSettings();
  const models = useModels();
  const update = useUpdateSettings();
  const on = settings.data?.generateTitles !== false;
  const titleModel = settings.data?.titleModel ?? '';
  const chatModels = (models.data?.models ?? []).filter((m) => m.canChat);
  return (
    <section aria-labelledby="titles-heading">
      <h2 id="titles-heading" className="mt-8 mb-0 text-sm font-semibold text-muted-foreground">
        Chat titles
      </h2>
      <div className="grid gap-2 py-3 sm:grid-cols-[14rem_1fr] sm:items-start">
        <div>
          <label htmlFor="setting-generate-titles" className="text-sm font-medium">
            Generate titles
          </label>
          <p className="m-0 text-xs text-muted-foreground">
            After a chat’s first answer, the model writes a short title in the background. A title you typed is never
            replaced.
          </p>
        </div>
        <div>
          <input
            id="setting-generate-titles"
            type="checkbox"
            className="h-4 w-4"
            checked={on}
            disabled={!settings.isSuccess}
            onChange={(e) => update.mutate({ ...settings.data, generateTitles: e.target.checked })}
          />
        </div>
      </div>
      <div className="grid gap-2 py-3 sm:grid-cols-[14rem_1fr] sm:items-start">
        <div>
          <label htmlFor="setting-title-model" className="text-sm font-medium">
            Model for titles
          </label>
          <p className="m-0 text-xs text-muted-foreground">A small model is quicker; by default the chat’s own.</p>
        </div>
        <select
          id="setting-title-model"
          className="field"
          value={titleModel}
          disabled={!settings.isSuccess || !on}
          onChange={(e) => update.mutate({ ...settings.data, titleModel: e.target.value || null })}
        >
          <option value="">The chat’s model</option>
          {chatModels.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
          {titleModel && !chatModels.some((m) => m.name === titleModel) && (
            <option value={titleModel}>{titleModel} (not installed)</option>
          )}
        </select>
      </div>
    </section>
  );
}
