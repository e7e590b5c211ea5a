/** Image answers of a model on this machine: seconds per image and denoising steps per second (medians). */
import { useQuery } from '@tanstack/react-query';
import type { ImageMetricsSummary } from '../../shared/image-api';

async function fetchImageMetrics(name: string, signal: AbortSignal): Promise<ImageMetricsSummary> {
  const res = await fetch(`/api/images/metrics/${encodeURIComponent(name)}`, {
    signal,
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`image metrics: ${res.status}`);
  return (await res.json()) as ImageMetricsSummary;
}

export function ImagePerformance({ name }: { name: string }) {
  const metrics = useQuery({
    queryKey: ['image-metrics', name],
    queryFn: ({ signal }) => fetchImageMetrics(name, signal),
  });
  const m = metrics.data;
  if (!m || m.answers === 0) return null;
  const stats = [
    ['Image answers', `${m.answers} (${m.images} image${m.images === 1 ? '' : 's'})`],
    ['Seconds per image', m.secondsPerImageMedian === null ? '—' : `${m.secondsPerImageMedian} s`],
    ['Steps per second', m.stepsPerSecondMedian === null ? '— (not reported)' : String(m.stepsPerSecondMedian)],
  ] as const;
  return (
    <section className="mt-4" data-testid="image-performance" aria-label="Image generation speed">
      <h3 className="mt-0 mb-2 text-sm font-semibold">Image generation (medians)</h3>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {stats.map(([label, value]) => (
          <div key={label} className="rounded-xl border border-border px-3 py-2.5">
            <div className="text-xs text-muted-foreground">{label}</div>
            <div className="text-lg font-semibold tabular-nums">{value}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
