/**
 * Client-side checks of what the user types, without zod (it would add ~60 KB to the first load).
 * The patterns are copies of src/shared/models-api.ts; tests/unit/gui-models.test.tsx keeps them equal.
 */

/** Same as MODEL_NAME_PATTERN in src/shared/models-api.ts. */
export const MODEL_NAME_PATTERN =
  /^(?:[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}(?::[0-9]{1,5})?\/)?(?:[a-zA-Z0-9][a-zA-Z0-9._-]{0,79}\/){0,2}[a-zA-Z0-9][a-zA-Z0-9._-]{0,79}(?::[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})?$/;

export const MODEL_NAME_MAX = 350;

/** Same as the keep-alive duration regex of UpdateModelPreferencesBodySchema (Go durations). */
export const KEEP_ALIVE_DURATION_PATTERN = /^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)([\d.]+(ns|us|µs|ms|s|m|h))*$/;
export const KEEP_ALIVE_MAX_SECONDS = 31_536_000;

/** null when the name is fine; otherwise what to fix (the server's own sentences). */
export function validateModelName(input: string): string | null {
  const name = input.trim();
  if (name === '') return 'Enter a model name, e.g. llama3.2 or qwen3:0.6b';
  if (name.length > MODEL_NAME_MAX) return `That name is too long (at most ${MODEL_NAME_MAX} characters)`;
  if (!MODEL_NAME_PATTERN.test(name)) {
    if (/\s/.test(name))
      return 'Model names have no spaces: use name, name:tag or namespace/name:tag (e.g. qwen3:0.6b)';
    return 'Not a valid model name: use name, name:tag or namespace/name:tag (e.g. qwen3:0.6b)';
  }
  return null;
}

export type KeepAliveParse = { ok: true; value: number | string | null } | { ok: false; error: string };

/**
 * What the keep-alive field means: empty → null (use the default), a number → seconds (-1 = forever),
 * otherwise a Go duration such as "10m", "1h30m" or "-1m".
 */
export function parseKeepAlive(input: string): KeepAliveParse {
  const text = input.trim();
  if (text === '') return { ok: true, value: null };
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    if (n < -1 || n > KEEP_ALIVE_MAX_SECONDS) {
      return { ok: false, error: 'Seconds must be between -1 (keep forever) and 31536000 (a year)' };
    }
    return { ok: true, value: n };
  }
  if (KEEP_ALIVE_DURATION_PATTERN.test(text)) return { ok: true, value: text };
  return { ok: false, error: 'Use seconds (300), a duration (10m, 1h30m) or -1 to keep it loaded forever' };
}

/** The field's text for a stored keep-alive. */
export function keepAliveText(value: number | string | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
