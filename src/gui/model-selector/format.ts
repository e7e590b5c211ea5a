/** Sizes the way `ollama list` prints them: decimal units (1 GB = 1000³ bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "128K", "2048": context length without the word. */
export function formatTokens(tokens: number | null): string {
  if (!tokens) return '—';
  return tokens >= 1024 ? `${Math.round(tokens / 1024)}K` : String(tokens);
}

/** Download speed, e.g. "25.3 MB/s"; null or 0 → null (nothing to show yet). */
export function formatSpeed(bytesPerSecond: number | null | undefined): string | null {
  if (bytesPerSecond === null || bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond)) return null;
  if (bytesPerSecond <= 0) return null;
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** A duration in whole seconds as people say it: "45 s", "4 min 10 s", "1 h 5 min", "2 d 3 h". */
export function formatSeconds(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest ? `${m} min ${rest} s` : `${m} min`;
  }
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "32 s left"; null when unknown (no data yet, or a nonsensical estimate). */
export function formatEta(etaSeconds: number | null | undefined): string | null {
  if (etaSeconds === null || etaSeconds === undefined || !Number.isFinite(etaSeconds) || etaSeconds < 0) return null;
  if (etaSeconds > 30 * 86_400) return null;
  return `${formatSeconds(Math.max(1, etaSeconds))} left`;
}

/** 0–100, rounded down so 100 % only shows when everything is there. */
export function percentOf(completed: number, total: number): number {
  if (!Number.isFinite(completed) || !Number.isFinite(total) || total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((completed / total) * 100)));
}

/** Where a loaded model lives, as `ollama ps` says it: "100% GPU", "100% CPU" or "48%/52% CPU/GPU". */
export function processorSplit(size: number, sizeVram: number): string {
  if (sizeVram <= 0) return '100% CPU';
  if (sizeVram === size) return '100% GPU';
  if (size <= 0 || sizeVram > size) return 'Unknown';
  const cpu = Math.round(((size - sizeVram) / size) * 100);
  return `${cpu}%/${100 - cpu}% CPU/GPU`;
}

/** Ollama reports "never" (keep_alive < 0) as a date centuries away. */
const FOREVER_MS = 10 * 365 * 86_400_000;

/**
 * Time until a loaded model is unloaded: "Forever" (null or centuries away), "4 min 32 s",
 * or "Unloading…" once the moment has passed.
 */
export function formatExpiry(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return 'Forever';
  const at = Date.parse(expiresAt);
  if (!Number.isFinite(at)) return 'Forever';
  const left = at - now;
  if (left > FOREVER_MS) return 'Forever';
  if (left <= 0) return 'Unloading…';
  return formatSeconds(Math.ceil(left / 1000));
}

/** "3.2B" → 3.2e9, "567M" → 5.67e8; unknown → -1 so those sort last (ascending first). */
export function parameterCount(parameterSize: string | null): number {
  if (!parameterSize) return -1;
  const m = /^\s*([\d.]+)\s*([KMBT])?/i.exec(parameterSize);
  if (!m?.[1]) return -1;
  const value = Number(m[1]);
  if (!Number.isFinite(value)) return -1;
  const scale: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  return value * (scale[(m[2] ?? '').toUpperCase()] ?? 1);
}

/** "library/llama3.2:latest" → { base: "library/llama3.2", tag: "latest" }. */
export function splitModelName(name: string): { base: string; tag: string } {
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return { base: name.slice(0, colon), tag: name.slice(colon + 1) };
  return { base: name, tag: 'latest' };
}

/** The first 12 hex digits of a digest, without its `sha256:` prefix (what `ollama list` shows). */
export function shortDigest(digest: string | null | undefined): string {
  if (!digest) return '—';
  return digest.replace(/^sha256[:-]/, '').slice(0, 12);
}

export function sameDigest(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const norm = (d: string) => d.replace(/^sha256[:-]/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** Milliseconds as "850 ms" or "1.24 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRate(tokensPerSecond: number | null | undefined): string {
  if (tokensPerSecond === null || tokensPerSecond === undefined || !Number.isFinite(tokensPerSecond)) return '—';
  return `${tokensPerSecond.toFixed(tokensPerSecond < 10 ? 1 : 0)} tok/s`;
}

// Intl formatters cost milliseconds to create: made once, on first use (not at start-up).
let relativeFormat: Intl.RelativeTimeFormat | undefined;
let dateFormat: Intl.DateTimeFormat | undefined;
let dateTimeFormat: Intl.DateTimeFormat | undefined;
let nameOrder: Intl.Collator | undefined;

/** Model names in natural order ("qwen3:8b" before "qwen3:14b"); `localeCompare` with options made a collator per call. */
export function compareNames(a: string, b: string): number {
  nameOrder ??= new Intl.Collator(undefined, { numeric: true });
  return nameOrder.compare(a, b);
}

/** "3 days ago", "yesterday", "2 months ago"; an absolute date past a year. */
export function formatRelativeDate(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '—';
  const seconds = (at - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs > 365 * 86_400) {
    dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
    return dateFormat.format(at);
  }
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const relative = relativeFormat;
  if (abs < 60) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return relative.format(Math.round(seconds / (30 * 86_400)), 'month');
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '—';
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateTimeFormat.format(at);
}
