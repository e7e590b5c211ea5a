import { errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { onLinkClick } from '../ui/router';
import { formatMs, formatRate } from './format';
import { displayModelName } from './job-text';
import { sameModel } from './model-names';
import { useMetricsComparison } from './model-queries';

/** "Which of my models is fastest here": median tokens/s and friends across models, fastest first. */
export function ComparisonTable({ highlight }: { highlight?: string }) {
  const comparison = useMetricsComparison();
  if (comparison.isPending) return <p className="text-sm text-muted-foreground">Loading the comparison…</p>;
  if (comparison.isError) {
    return (
      <p className="text-sm text-muted-foreground" role="status">
        <CodeText text={errorText(comparison.error)} />
      </p>
    );
  }
  const rows = comparison.data.models.filter((m) => m.answers > 0);
  if (rows.length === 0) {
    return (
      <p
        className="m-0 rounded-xl border border-dashed border-border p-4 text-sm text-muted-foreground"
        data-testid="comparison-empty"
      >
        No answers measured yet. Every answer records its speed; chat with a model and it appears here.
      </p>
    );
  }
  const fastest = Math.max(...rows.map((r) => r.tokensPerSecond.median ?? 0), 1);
  return (
    <div className="overflow-x-auto rounded-xl border border-border">
      <table className="w-full border-collapse text-sm" data-testid="comparison-table">
        <caption className="sr-only">Speed of your models on this machine, fastest first</caption>
        <thead>
          <tr className="border-b border-border text-left text-xs text-muted-foreground">
            <th scope="col" className="px-3 py-2 font-medium">
              Model
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Answers
            </th>
            <th scope="col" className="min-w-[10rem] px-3 py-2 font-medium">
              Median speed
            </th>
            <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
              p10–p90
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
              Median TTFT
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
              Load time
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const mine = highlight ? sameModel(r.model, highlight) : false;
            const tps = r.tokensPerSecond;
            return (
              <tr
                key={r.model}
                className={`border-b border-border last:border-0 ${mine ? 'bg-accent-soft' : ''}`}
                data-testid="comparison-row"
                data-model={r.model}
                aria-current={mine ? 'true' : undefined}
              >
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <a
                    href={`/models/${encodeURIComponent(r.model)}`}
                    className="hover:underline"
                    onClick={(e) => onLinkClick(e, { name: 'model', model: r.model })}
                  >
                    {displayModelName(r.model)}
                  </a>
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{r.answers}</td>
                <td className="px-3 py-2">
                  <span className="flex items-center gap-2">
                    <span className="w-20 flex-none text-right whitespace-nowrap tabular-nums">
                      {formatRate(tps.median)}
                    </span>
                    <span
                      className="relative h-1.5 min-w-12 flex-1 overflow-hidden rounded-full bg-muted"
                      aria-hidden="true"
                    >
                      <span
                        className="absolute inset-y-0 left-0 rounded-full bg-accent"
                        style={{ width: `${((tps.median ?? 0) / fastest) * 100}%` }}
                      />
                    </span>
                  </span>
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-muted-foreground tabular-nums">
                  {tps.p10 !== null && tps.p90 !== null ? `${tps.p10.toFixed(1)}–${tps.p90.toFixed(1)}` : '—'}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(r.ttftMs.median)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(r.loadDurationMs.median)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
