import { useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef } from 'react';
import { errorText, useModels } from '../api';
import { CodeText } from '../ui/code-text';
import { SearchIcon } from '../ui/icons';
import { navigate } from '../ui/router';
import { useUiStore } from '../ui/ui-store';
import { CheckUpdatesButton } from './check-updates';
import { ComparisonTable } from './comparison-table';
import { formatBytes } from './format';
import { JobList } from './job-card';
import { refreshJobs, useVisibleJobs } from './jobs-store';
import { ModelDetail } from './model-detail';
import { type CapabilityFilter, MODEL_ROW_ESTIMATE_PX, ModelTable, type SortKey, useModelsView } from './model-table';
import { NoModels } from './no-models';
import { PullForm } from './pull-form';
import { RefreshModelsButton } from './refresh-models-button';
import { RunningModelsPanel } from './running-models';

const CAPABILITY_OPTIONS: { value: CapabilityFilter; label: string }[] = [
  { value: '', label: 'All capabilities' },
  { value: 'completion', label: 'Chat' },
  { value: 'vision', label: 'Vision' },
  { value: 'tools', label: 'Tools' },
  { value: 'thinking', label: 'Thinking' },
  { value: 'embedding', label: 'Embedding' },
  { value: 'image', label: 'Image generation' },
];

const SORT_OPTIONS: { value: string; label: string }[] = [
  { value: 'name:asc', label: 'Name (A–Z)' },
  { value: 'name:desc', label: 'Name (Z–A)' },
  { value: 'size:desc', label: 'Size (largest first)' },
  { value: 'size:asc', label: 'Size (smallest first)' },
  { value: 'modified:desc', label: 'Modified (newest first)' },
  { value: 'modified:asc', label: 'Modified (oldest first)' },
  { value: 'params:desc', label: 'Parameters (most first)' },
  { value: 'params:asc', label: 'Parameters (fewest first)' },
];

function Toolbar() {
  const query = useModelsView((s) => s.query);
  const capability = useModelsView((s) => s.capability);
  const sort = useModelsView((s) => s.sort);
  const dir = useModelsView((s) => s.dir);
  const { setQuery, setCapability, sortBy } = useModelsView.getState();
  const searchId = useId();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative basis-full sm:basis-auto sm:min-w-[12rem] sm:flex-1">
        <label htmlFor={searchId} className="sr-only">
          Filter models
        </label>
        <SearchIcon
          size={15}
          className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-muted-foreground"
        />
        <input
          id={searchId}
          type="search"
          className="field !pl-8"
          placeholder="Filter by name, family, quantization…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="model-filter"
        />
      </div>
      <select
        className="field min-w-0 flex-1 sm:!w-auto sm:flex-none"
        aria-label="Filter by capability"
        value={capability}
        onChange={(e) => setCapability(e.target.value as CapabilityFilter)}
        data-testid="capability-filter"
      >
        {CAPABILITY_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <select
        className="field min-w-0 flex-1 sm:!w-auto sm:flex-none"
        aria-label="Sort models"
        value={`${sort}:${dir}`}
        onChange={(e) => {
          const [key, d] = e.target.value.split(':') as [SortKey, 'asc' | 'desc'];
          sortBy(key, d);
        }}
        data-testid="model-sort"
      >
        {SORT_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function ModelsList() {
  const models = useModels();
  const jobs = useVisibleJobs();
  // An error's "Pull the model" button brings its name here once.
  const pullPrefill = useUiStore((st) => st.pullPrefill);
  useEffect(() => {
    if (pullPrefill !== null) return () => useUiStore.getState().setPullPrefill(null);
  }, [pullPrefill]);
  // Installed Ollama models only: the image server's models are picked in chats, not managed here.
  // The same array while the list is the same: a job's progress re-renders this page several times a second.
  const list = useMemo(() => (models.data?.models ?? []).filter((m) => m.backend !== 'image-server'), [models.data]);
  const totalSize = list.reduce((sum, m) => sum + m.size, 0);
  // The table renders after the page around it: the click paints the page at once, and the rows
  // render in a background pass React can interrupt, so a long list never blocks input (issue 12).
  const tableModels = useDeferredValue(models.isSuccess ? list : null, null);

  const openModel = (name: string) => navigate({ name: 'model', model: name });

  return (
    <div className="mx-auto max-w-6xl space-y-6 px-4 py-5">
      <div className="flex flex-wrap items-center gap-2">
        <div className="mr-auto">
          <h1 className="m-0 text-xl font-semibold">Models</h1>
          {models.isSuccess && (
            <p className="m-0 text-sm text-muted-foreground" data-testid="models-summary">
              {list.length} installed · {formatBytes(totalSize)} on disk
            </p>
          )}
        </div>
        <div className="flex items-center gap-1">
          <CheckUpdatesButton />
          <RefreshModelsButton className="icon-button" iconSize={16} />
        </div>
      </div>

      {models.isError && (
        <p className="m-0 rounded-xl border border-danger/40 bg-danger-soft px-4 py-3 text-sm" role="alert">
          <CodeText text={errorText(models.error)} />
        </p>
      )}

      {models.isSuccess && list.length === 0 ? (
        <NoModels />
      ) : (
        <>
          <section aria-label="Pull a model" className="space-y-3">
            <PullForm key={pullPrefill ?? ''} initialName={pullPrefill ?? ''} autoFocus={pullPrefill !== null} />
            <JobList jobs={jobs} onOpenModel={openModel} />
          </section>

          <RunningModelsPanel />

          <section aria-labelledby="installed-title" className="space-y-3">
            <h2 id="installed-title" className="m-0 text-sm font-semibold">
              Installed
            </h2>
            <Toolbar />
            {models.isPending ? (
              <p className="text-sm text-muted-foreground">Loading models…</p>
            ) : tableModels === null ? (
              // The table's place, at its height (as last shown, else estimated), for the frame or two
              // before its rows render: no text flashes, nothing below moves, a kept scroll position holds.
              <div
                aria-busy="true"
                style={{ height: useModelsView.getState().listLayout?.height ?? list.length * MODEL_ROW_ESTIMATE_PX }}
              />
            ) : (
              <ModelTable models={tableModels} />
            )}
          </section>

          <section aria-labelledby="speed-title" className="space-y-2">
            <div>
              <h2 id="speed-title" className="m-0 text-sm font-semibold">
                Speed on this machine
              </h2>
              <p className="m-0 text-xs text-muted-foreground">
                Measured from your answers: median tokens per second (p10–p90), time to first token, and load time.
              </p>
            </div>
            <ComparisonTable />
          </section>
        </>
      )}
    </div>
  );
}

/** The models page (`/models`) and one model's page (`/models/:name`); a lazy chunk. */
export default function ModelsPage({ model }: { model?: string | null }) {
  useEffect(() => {
    void refreshJobs();
  }, []);
  useEffect(() => {
    document.title = model ? `${model} — Models — Ollama Chat` : 'Models — Ollama Chat';
  }, [model]);
  // A model opens at its top; coming back to the list returns to where the user was.
  const scrollRef = useRef<HTMLDivElement>(null);
  const scrolledBefore = useRef(false);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const top = model ? 0 : useModelsView.getState().listScrollTop;
    // A new scroll box is at 0 already: writing 0 would force a layout inside the click's task.
    if (scrolledBefore.current || top !== 0) el.scrollTop = top;
    scrolledBefore.current = true;
    if (model) return;
    const onScroll = () => {
      useModelsView.getState().setListScrollTop(el.scrollTop);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [model]);
  return (
    <div ref={scrollRef} className="h-full overflow-y-auto" data-testid="models-page">
      {model ? <ModelDetail key={model} name={model} /> : <ModelsList />}
    </div>
  );
}
