import { useState } from 'react';
import { describeUnknownError, useModels } from '../api';
import { CodeText } from '../app/code-text';
import { CapabilityBadges } from './capability-badges';
import { formatBytes, formatContextLength } from './format';
import { ModelInfoPanel } from './model-info-panel';
import { NoModels } from './no-models';

/** All installed models with their details (a lazy page). */
export default function ModelsPage({ ollamaHost }: { ollamaHost: string | null }) {
  const models = useModels();
  const [selected, setSelected] = useState<string | null>(null);
  const list = models.data?.models ?? [];
  const shown = selected ?? list[0]?.name ?? null;
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-5xl px-4 py-6">
        <h1 className="mt-0 mb-4 text-xl font-semibold">Models</h1>
        {models.isPending && <p className="text-muted-foreground">Loading models…</p>}
        {models.isError && (
          <p className="text-danger" role="alert">
            <CodeText text={describeUnknownError(models.error, { host: ollamaHost }).text} />
          </p>
        )}
        {models.isSuccess && list.length === 0 && <NoModels />}
        {list.length > 0 && (
          <div className="grid gap-6 md:grid-cols-[minmax(0,18rem)_1fr]">
            <ul className="m-0 list-none space-y-1 p-0" aria-label="Installed models">
              {list.map((m) => (
                <li key={m.name}>
                  <button
                    type="button"
                    className={`w-full rounded-lg px-3 py-2 text-left hover:bg-muted ${shown === m.name ? 'bg-muted' : ''}`}
                    aria-current={shown === m.name}
                    onClick={() => setSelected(m.name)}
                  >
                    <div className="truncate text-sm font-medium">{m.name}</div>
                    <div className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
                      {[m.parameterSize, m.quantization, formatBytes(m.size), formatContextLength(m.contextLength)]
                        .filter(Boolean)
                        .join(' · ')}
                      <CapabilityBadges capabilities={m.capabilities} />
                    </div>
                  </button>
                </li>
              ))}
            </ul>
            {shown && (
              <section className="min-w-0 rounded-xl border border-border p-4" aria-label={`Details of ${shown}`}>
                <h2 className="mt-0 mb-3 text-base font-semibold">{shown}</h2>
                <ModelInfoPanel name={shown} />
              </section>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
