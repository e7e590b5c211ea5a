/** Pure helpers of the performance charts (kept apart from uPlot so they are cheap to test). */

export interface Histogram {
  /** Left edge of each bin. */
  starts: number[];
  counts: number[];
  binWidth: number;
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= raw - 1e-12) return m * power;
  }
  return 10 * power;
}

/** Counts of values per bin of a nice width, about `targetBins` bins from the lowest to the highest value. */
export function histogram(values: readonly number[], targetBins = 12): Histogram {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { starts: [], counts: [], binWidth: 1 };
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const binWidth = niceStep((max - min) / Math.max(1, targetBins));
  const first = Math.floor(min / binWidth) * binWidth;
  const bins = Math.max(1, Math.floor((max - first) / binWidth) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - first) / binWidth + 1e-9)));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const starts = counts.map((_, i) => Number((first + i * binWidth).toPrecision(12)));
  return { starts, counts, binWidth };
}

export function median(values: readonly number[]): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** "0–2K" style labels are the server's; a number is shortened for a bar axis. */
export function shortNumber(value: number): string {
  if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(value % 1000 === 0 ? 0 : 1)}K`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * A histogram edge or width with as many decimals as the bin width needs: with bins 0.02 wide,
 * "0.0" would say nothing ("bins of 0.0"), "0.02" does.
 */
export function binNumber(value: number, binWidth: number): string {
  if (!(binWidth > 0) || binWidth >= 1) return shortNumber(value);
  const decimals = Math.min(6, Math.ceil(-Math.log10(binWidth) - 1e-9));
  return value.toFixed(Math.max(1, decimals));
}
