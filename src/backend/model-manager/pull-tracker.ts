/**
 * Turns Ollama's pull progress lines into per-layer and overall numbers: bytes done and total across
 * layers, download speed over a sliding window, and the time left at that speed.
 */
import type { JobLayer } from '../../shared/models-api';
import type { PullProgress } from '../ollama-client';

/** Speed is measured over this much recent time: long enough to smooth bursts, short enough to follow changes. */
const SPEED_WINDOW_MS = 5_000;
/** Below this span the speed is noise; report none yet. */
const MIN_SPEED_SPAN_MS = 400;

interface Sample {
  at: number;
  downloaded: number;
}

export class PullTracker {
  phase = '';
  private readonly layers = new Map<string, JobLayer>();
  /** Bytes that arrived while we watched; a layer already on disk (completed == total at once) adds none. */
  private downloaded = 0;
  private samples: Sample[] = [];

  apply(p: PullProgress, at: number): void {
    this.phase = p.status;
    if (!p.digest || p.total === undefined) return;
    const completed = p.completed ?? 0;
    const layer = this.layers.get(p.digest);
    if (layer) {
      this.downloaded += Math.max(0, completed - layer.completed);
      layer.total = p.total;
      layer.completed = Math.max(layer.completed, completed);
    } else {
      this.layers.set(p.digest, { digest: p.digest, total: p.total, completed });
    }
    this.samples.push({ at, downloaded: this.downloaded });
    // Keep one sample older than the window, so the span covers the whole window.
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - SPEED_WINDOW_MS) this.samples.shift();
  }

  get completed(): number {
    let sum = 0;
    for (const l of this.layers.values()) sum += l.completed;
    return sum;
  }

  get total(): number {
    let sum = 0;
    for (const l of this.layers.values()) sum += l.total;
    return sum;
  }

  layerList(): JobLayer[] {
    return [...this.layers.values()].map((l) => ({ ...l }));
  }

  /** Bytes per second over the window ending `now`; a stalled download decays towards 0. */
  bytesPerSecond(now: number): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last) return null;
    const span = now - first.at;
    if (span < MIN_SPEED_SPAN_MS) return null;
    return Math.round(((last.downloaded - first.downloaded) * 1000) / span);
  }

  etaSeconds(now: number): number | null {
    const speed = this.bytesPerSecond(now);
    if (!speed) return null;
    return Math.ceil(Math.max(0, this.total - this.completed) / speed);
  }
}
