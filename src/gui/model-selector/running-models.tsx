import type { RunningModel } from '../../shared/models-api';
import { errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { onLinkClick } from '../ui/router';
import { showToast } from '../ui/toast-store';
import { formatBytes, formatDateTime, formatExpiry, formatTokens, processorSplit } from './format';
import { displayModelName } from './job-text';
import { useRunningModels, useUnloadModel } from './model-queries';
import { useNow } from './use-now';

function ProcessorBar({ model }: { model: RunningModel }) {
  const gpu = model.size > 0 ? Math.min(100, Math.max(0, (model.sizeVram / model.size) * 100)) : 0;
  return (
    <span className="flex min-w-0 items-center gap-2">
      <span
        className="relative h-1.5 w-14 flex-none overflow-hidden rounded-full bg-muted-foreground/25"
        aria-hidden="true"
      >
        <span className="absolute inset-y-0 left-0 rounded-full bg-accent" style={{ width: `${gpu}%` }} />
      </span>
      <span className="whitespace-nowrap">{processorSplit(model.size, model.sizeVram)}</span>
    </span>
  );
}

/** Models Ollama holds in memory: RAM/VRAM, context, time until unload (live), Unload. */
export function RunningModelsPanel() {
  const running = useRunningModels();
  const unload = useUnloadModel();
  const models = running.data?.models ?? [];
  const now = useNow(1000, models.length > 0);

  return (
    <section aria-labelledby="running-title" data-testid="running-panel">
      <div className="mb-2 flex flex-wrap items-baseline gap-x-2">
        <h2 id="running-title" className="m-0 text-sm font-semibold whitespace-nowrap">
          Loaded in memory
        </h2>
        {running.isSuccess && (
          <span className="text-xs text-muted-foreground">
            {models.length === 0
              ? 'none — a model loads when you chat with it'
              : `${models.length} model${models.length === 1 ? '' : 's'} · ${formatBytes(models.reduce((s, m) => s + m.size, 0))}`}
          </span>
        )}
      </div>
      {running.isError && (
        <p className="m-0 text-sm text-muted-foreground" role="status">
          <CodeText text={errorText(running.error)} />
        </p>
      )}
      {models.length > 0 && (
        <ul className="m-0 list-none divide-y divide-border rounded-xl border border-border p-0">
          <li
            className="hidden grid-cols-[minmax(0,1.4fr)_6rem_minmax(0,1.2fr)_5rem_7.5rem_auto] gap-x-3 px-3 py-1.5 text-xs font-medium text-muted-foreground sm:grid"
            aria-hidden="true"
          >
            <span>Model</span>
            <span>Memory</span>
            <span>Processor</span>
            <span>Context</span>
            <span>Until unload</span>
            <span className="w-[4.4rem]" />
          </li>
          {models.map((m) => (
            <li
              key={m.name}
              className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 px-3 py-2.5 text-sm sm:grid-cols-[minmax(0,1.4fr)_6rem_minmax(0,1.2fr)_5rem_7.5rem_auto]"
              data-testid="running-model"
              data-model={m.name}
            >
              <a
                href={`/models/${encodeURIComponent(m.name)}`}
                className="min-w-0 truncate font-medium hover:underline"
                onClick={(e) => onLinkClick(e, { name: 'model', model: m.name })}
              >
                {displayModelName(m.name)}
                {m.parameterSize && (
                  <span className="ml-1.5 text-xs font-normal text-muted-foreground">{m.parameterSize}</span>
                )}
              </a>
              <button
                type="button"
                className="btn !py-1 !text-xs sm:order-last"
                onClick={() =>
                  unload.mutate(m.name, {
                    onError: (error) => showToast('error', errorText(error)),
                  })
                }
                disabled={unload.isPending && unload.variables === m.name}
                data-testid="unload-button"
                aria-label={`Unload ${m.name} from memory`}
              >
                Unload
              </button>
              <div className="col-span-2 flex flex-wrap items-center gap-x-4 gap-y-1 sm:contents">
                <span className="text-muted-foreground tabular-nums" title="Memory used (RAM + VRAM)">
                  {formatBytes(m.size)}
                </span>
                <span className="text-xs text-muted-foreground" title="Share of the model on the CPU and the GPU">
                  <ProcessorBar model={m} />
                </span>
                <span className="text-xs text-muted-foreground tabular-nums" title="Context length">
                  {formatTokens(m.contextLength)} ctx
                </span>
                <span
                  className="text-xs text-muted-foreground tabular-nums"
                  title={m.expiresAt ? `Unloads at ${formatDateTime(m.expiresAt)}` : 'Kept loaded until unloaded'}
                  data-testid="running-expiry"
                >
                  {m.expiresAt === null || formatExpiry(m.expiresAt, now) === 'Forever' ? (
                    <>
                      <span className="sm:sr-only">Stays loaded: </span>Forever
                    </>
                  ) : (
                    <>
                      <span className="sm:sr-only">Unloads in </span>
                      {formatExpiry(m.expiresAt, now)}
                    </>
                  )}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
