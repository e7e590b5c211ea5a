import { lazy, Suspense } from 'react';
import { errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { ComparisonTable } from './comparison-table';
import { formatMs, formatRate, formatRelativeDate } from './format';
import { displayModelName } from './job-text';
import { useModelMetrics } from './model-queries';

const MetricsCharts = lazy(() => import('./metrics-charts'));

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-border px-3 py-2.5">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="text-lg font-semibold tabular-nums">{value}</div>
      {hint && <div className="text-xs text-muted-foreground tabular-nums">{hint}</div>}
    </div>
  );
}

function ChartsPlaceholder() {
  return (
    <div className="grid gap-3 @3xl:grid-cols-2" aria-hidden="true">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="h-[260px] animate-pulse rounded-xl border border-border bg-muted/50" />
      ))}
    </div>
  );
}

/** Speed of one model on this machine: summary, charts (lazy uPlot), and how it compares. */
export function ModelPerformance({ name }: { name: string }) {
  const metrics = useModelMetrics(name);
  const now = Date.now();

  if (metrics.isPending) return <p className="text-sm text-muted-foreground">Loading measurements…</p>;
  if (metrics.isError) {
    return (
      <p className="text-sm text-danger" role="alert">
        <CodeText text={errorText(metrics.error)} />
      </p>
    );
  }
  const { summary } = metrics.data;
  const tps = summary.tokensPerSecond;
  const ttft = summary.ttftMs;

  return (
    <div className="@container space-y-6" data-testid="model-performance">
      {summary.answers === 0 ? (
        <div className="rounded-xl border border-dashed border-border p-6 text-center" data-testid="metrics-empty">
          <p className="m-0 font-medium">No answers from {displayModelName(name)} yet</p>
          <p className="m-0 mt-1 text-sm text-muted-foreground">
            Every answer records its speed. Chat with this model and its tokens per second, time to first token and load
            time show up here.
          </p>
        </div>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-2 @2xl:grid-cols-5">
            <Stat
              label="Answers"
              value={String(summary.answers)}
              hint={`last ${formatRelativeDate(summary.lastUsed, now)}`}
            />
            <Stat
              label="Median speed"
              value={formatRate(tps.median)}
              hint={
                tps.p10 !== null && tps.p90 !== null ? `p10–p90 ${tps.p10.toFixed(1)}–${tps.p90.toFixed(1)}` : undefined
              }
            />
            <Stat
              label="Median time to first token"
              value={formatMs(ttft.median)}
              hint={
                ttft.p10 !== null && ttft.p90 !== null
                  ? `p10–p90 ${formatMs(ttft.p10)}–${formatMs(ttft.p90)}`
                  : undefined
              }
            />
            <Stat label="Prompt reading" value={formatRate(summary.promptTokensPerSecond.median)} hint="median" />
            <Stat label="Load time" value={formatMs(summary.loadDurationMs.median)} hint="median, when it loaded" />
          </div>
          <Suspense fallback={<ChartsPlaceholder />}>
            <MetricsCharts metrics={metrics.data} />
          </Suspense>
        </>
      )}
      <section aria-labelledby="compare-title">
        <h3 id="compare-title" className="mt-0 mb-2 text-sm font-semibold">
          Compared with your other models
        </h3>
        <ComparisonTable highlight={name} />
      </section>
    </div>
  );
}
