/**
 * Performance charts of one model, drawn with uPlot. This module (and uPlot with it) is loaded lazily,
 * only when a model's Performance tab opens.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ModelMetrics } from '../../shared/models-api';
import { useThemeStore } from '../theme-manager';
import { formatMs } from './format';
import { binNumber, histogram, median, shortNumber } from './metrics-math';

interface Palette {
  accent: string;
  accentSoft: string;
  text: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
}

function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const family = getComputedStyle(document.body).fontFamily || 'system-ui, sans-serif';
  return {
    accent: v('--accent', '#2563eb'),
    accentSoft: v('--accent-soft', '#e8effd'),
    text: v('--foreground', '#1b1b1f'),
    muted: v('--muted-foreground', '#55555f'),
    grid: v('--border', '#e3e3e8'),
    background: v('--background', '#ffffff'),
    font: `11px ${family}`,
  };
}

type Build = (palette: Palette, width: number) => { options: Omit<uPlot.Options, 'width'>; data: uPlot.AlignedData };

const HEIGHT = 190;

function axis(p: Palette, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: p.muted,
    font: p.font,
    grid: { stroke: p.grid, width: 1 },
    ticks: { stroke: p.grid, width: 1, size: 4 },
    ...extra,
  };
}

/** One uPlot canvas that follows its container's width and the theme. */
function Chart({ title, summary, build }: { title: string; summary: string; build: Build }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const resolved = useThemeStore((s) => s.resolved);
  const accent = useThemeStore((s) => s.accent);
  const buildRef = useRef(build);
  buildRef.current = build;

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the theme or the data (build) changes
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const palette = readPalette();
    const width = Math.max(200, Math.floor(box.clientWidth));
    const { options, data } = buildRef.current(palette, width);
    const chart = new uPlot({ ...options, width }, data, box);
    setReady(true);
    const observer = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(box.clientWidth));
      if (w !== chart.width) chart.setSize({ width: w, height: HEIGHT });
    });
    observer.observe(box);
    return () => {
      observer.disconnect();
      chart.destroy();
      setReady(false);
    };
  }, [resolved, accent, build]);

  return (
    <figure
      className="m-0 min-w-0 rounded-xl border border-border p-3"
      data-testid={ready ? 'metrics-chart' : undefined}
    >
      <figcaption className="mb-1 text-sm font-medium">
        {title}
        <span className="sr-only">. {summary}</span>
      </figcaption>
      <div ref={boxRef} className="metrics-chart min-h-[190px] w-full" aria-hidden="true" />
      <p className="m-0 mt-1 text-xs text-muted-foreground">{summary}</p>
    </figure>
  );
}

function timeSeries(label: string, xs: number[], ys: (number | null)[], format: (v: number) => string): Build {
  return (p) => {
    const options: Omit<uPlot.Options, 'width'> = {
      height: HEIGHT,
      legend: { show: true, live: true },
      cursor: { points: { size: 7, fill: p.accent }, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      series: [
        // The legend names the hovered point's time in words, never uPlot's "--" placeholder.
        { label: 'Time', value: (_u, v) => (v === null ? '' : new Date(v * 1000).toLocaleString()) },
        {
          label,
          stroke: p.accent,
          width: 1.5,
          fill: `${p.accent}22`,
          spanGaps: true,
          points: { show: xs.length <= 120, size: 4, fill: p.accent, stroke: p.accent },
          value: (_u, v) => (v === null ? '' : format(v)),
        },
      ],
      axes: [axis(p, { space: 70 }), axis(p, { size: 52, values: (_u, splits) => splits.map((v) => format(v)) })],
    };
    return { options, data: [xs, ys] as uPlot.AlignedData };
  };
}

function barChart(
  label: string,
  labels: string[],
  ys: (number | null)[],
  format: (v: number) => string,
  xLabel: string,
  axisLabels: string[] = labels,
): Build {
  const xs = labels.map((_, i) => i);
  return (p) => {
    const options: Omit<uPlot.Options, 'width'> = {
      height: HEIGHT,
      legend: { show: true, live: true },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [-0.6, labels.length - 0.4] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
      },
      series: [
        { label: xLabel, value: (_u, i) => (i === null ? '—' : (labels[i] ?? '')) },
        {
          label,
          stroke: p.accent,
          fill: `${p.accent}b0`,
          value: (_u, v) => (v === null ? '—' : format(v)),
          width: 0,
          paths: uPlot.paths.bars?.({ size: [0.7, 64], radius: 0.15 }),
          points: { show: false },
        },
      ],
      axes: [
        axis(p, {
          grid: { show: false },
          splits: () => xs,
          // Every label if they fit, else every 2nd, 3rd…
          values: (u, splits) => {
            const step = Math.max(1, Math.ceil((labels.length * 64) / Math.max(1, u.width - 60)));
            return splits.map((i) => (i % step === 0 ? (axisLabels[i] ?? '') : ''));
          },
        }),
        axis(p, { size: 48, values: (_u, splits) => splits.map((v) => format(v)) }),
      ],
    };
    return { options, data: [xs, ys] as uPlot.AlignedData };
  };
}

/** tokens/s and TTFT over time, the distribution of tokens/s, and tokens/s by context size. */
export default function MetricsCharts({ metrics }: { metrics: ModelMetrics }) {
  // Built once per data set so the charts are not redrawn on every parent render.
  const { tpsValues, ttftValues, hist, buckets, builds } = useMemo(() => {
    const points = metrics.points;
    const xs = points.map((pt) => Date.parse(pt.at) / 1000);
    const tps = points.map((pt) => pt.tokensPerSecond);
    const ttft = points.map((pt) => pt.ttftMs);
    const tpsValues = tps.filter((v): v is number => v !== null);
    const ttftValues = ttft.filter((v): v is number => v !== null);
    const hist = histogram(tpsValues, 12);
    const buckets = metrics.byContextSize.filter((b) => b.answers > 0);
    return {
      tpsValues,
      ttftValues,
      hist,
      buckets,
      builds: {
        tps: timeSeries('tokens/s', xs, tps, (v) => shortNumber(v)),
        ttft: timeSeries('TTFT', xs, ttft, (v) => formatMs(v)),
        hist: barChart(
          'answers',
          hist.starts.map((s) => `${binNumber(s, hist.binWidth)}–${binNumber(s + hist.binWidth, hist.binWidth)}`),
          hist.counts,
          (v) => (Number.isInteger(v) ? String(v) : ''),
          'tokens/s',
          hist.starts.map((s) => binNumber(s, hist.binWidth)),
        ),
        ctx: barChart(
          'median tokens/s',
          buckets.map((b) => b.bucket),
          buckets.map((b) => b.tokensPerSecondMedian),
          (v) => shortNumber(v),
          'context',
        ),
      },
    };
  }, [metrics]);

  const tpsMedian = median(tpsValues);
  const ttftMedian = median(ttftValues);
  const range = (values: number[], f: (v: number) => string) =>
    values.length ? `from ${f(Math.min(...values))} to ${f(Math.max(...values))}` : 'no data';

  return (
    <div className="grid gap-3 @3xl:grid-cols-2" data-testid="metrics-charts">
      <Chart
        title="Tokens per second over time"
        summary={`${tpsValues.length} answers, ${range(tpsValues, (v) => v.toFixed(1))} tok/s${
          tpsMedian !== null ? `, median ${tpsMedian.toFixed(1)}` : ''
        }.`}
        build={builds.tps}
      />
      <Chart
        title="Time to first token over time"
        summary={`${ttftValues.length} answers, ${range(ttftValues, formatMs)}${
          ttftMedian !== null ? `, median ${formatMs(ttftMedian)}` : ''
        }.`}
        build={builds.ttft}
      />
      <Chart
        title="Distribution of tokens per second"
        summary={
          hist.counts.length
            ? `Most answers ran at ${binNumber(hist.starts[hist.counts.indexOf(Math.max(...hist.counts))] ?? 0, hist.binWidth)}–${binNumber(
                (hist.starts[hist.counts.indexOf(Math.max(...hist.counts))] ?? 0) + hist.binWidth,
                hist.binWidth,
              )} tok/s (bins of ${binNumber(hist.binWidth, hist.binWidth)}).`
            : 'No data.'
        }
        build={builds.hist}
      />
      {buckets.length > 0 ? (
        <Chart
          title="Tokens per second by context size"
          summary={`Median speed per prompt size (tokens in the context): ${buckets
            .map((b) => `${b.bucket}: ${b.tokensPerSecondMedian?.toFixed(1) ?? '—'}`)
            .join(', ')}.`}
          build={builds.ctx}
        />
      ) : (
        <figure className="m-0 flex items-center justify-center rounded-xl border border-dashed border-border p-3 text-sm text-muted-foreground">
          No context-size data yet.
        </figure>
      )}
    </div>
  );
}
