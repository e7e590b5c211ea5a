/**
 * Ollama's model naming rules, in one place for the server (zod schemas are built from them) and the GUI.
 * A name is: optional `host[:port]/`, up to two `namespace/` parts, a name, an optional `:tag`.
 * Parts use letters, digits, `_`, `-`, `.`; no leading punctuation.
 */
export const MODEL_NAME_PATTERN =
  /^(?:[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}(?::[0-9]{1,5})?\/)?(?:[a-zA-Z0-9][a-zA-Z0-9._-]{0,79}\/){0,2}[a-zA-Z0-9][a-zA-Z0-9._-]{0,79}(?::[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})?$/;

export const MODEL_NAME_MAX = 350;

export const MODEL_NAME_MESSAGES = {
  empty: 'Enter a model name, e.g. llama3.2 or qwen3:0.6b',
  tooLong: `That name is too long (at most ${MODEL_NAME_MAX} characters)`,
  spaces: 'Model names have no spaces: use name, name:tag or namespace/name:tag (e.g. qwen3:0.6b)',
  invalid: 'Not a valid model name: use name, name:tag or namespace/name:tag (e.g. qwen3:0.6b)',
} as const;

/** null when the name is fine; otherwise what to fix. The server's schema uses the same sentences. */
export function validateModelName(input: string): string | null {
  const name = input.trim();
  if (name === '') return MODEL_NAME_MESSAGES.empty;
  if (name.length > MODEL_NAME_MAX) return MODEL_NAME_MESSAGES.tooLong;
  if (!MODEL_NAME_PATTERN.test(name)) {
    return /\s/.test(name) ? MODEL_NAME_MESSAGES.spaces : MODEL_NAME_MESSAGES.invalid;
  }
  return null;
}

/**
 * Ollama lists `name:tag` but accepts `name` (= `name:latest`) and matches names case-insensitively:
 * `Llama3.2` and `llama3.2:latest` are one model (ollama-api.md §5.2).
 */
export function canonicalModelName(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return (lastSegment.includes(':') ? trimmed : `${trimmed}:latest`).toLowerCase();
}

export function sameModel(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a === b || canonicalModelName(a) === canonicalModelName(b);
}

/**
 * Go durations as Ollama's keep_alive accepts them: "10m", "1h30m", "-1m", "300ms". Bounded
 * repetitions: the unbounded form took quadratic time on a long "1m1m1m…!" (issue #8).
 */
export const KEEP_ALIVE_DURATION_PATTERN =
  /^-?\d{1,20}(\.\d{1,20})?(ns|us|µs|ms|s|m|h)([\d.]{1,40}(ns|us|µs|ms|s|m|h)){0,8}$/;
export const KEEP_ALIVE_MAX_SECONDS = 31_536_000;

export const KEEP_ALIVE_MESSAGES = {
  seconds: 'Seconds must be between -1 (keep forever) and 31536000 (a year)',
  invalid: 'Use seconds (300), a duration (10m, 1h30m) or -1 to keep it loaded forever',
} as const;

export type KeepAliveParse = { ok: true; value: number | string | null } | { ok: false; error: string };

/**
 * What a keep-alive text means: empty → null (use the default), a number → seconds (-1 = forever),
 * otherwise a Go duration such as "10m", "1h30m" or "-1m".
 */
export function parseKeepAlive(input: string): KeepAliveParse {
  const text = input.trim();
  if (text === '') return { ok: true, value: null };
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    if (n < -1 || n > KEEP_ALIVE_MAX_SECONDS) return { ok: false, error: KEEP_ALIVE_MESSAGES.seconds };
    return { ok: true, value: n };
  }
  if (KEEP_ALIVE_DURATION_PATTERN.test(text)) return { ok: true, value: text };
  return { ok: false, error: KEEP_ALIVE_MESSAGES.invalid };
}

/** The field's text for a stored keep-alive. */
export function keepAliveText(value: number | string | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
