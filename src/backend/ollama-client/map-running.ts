/** Validates /api/ps and maps it to the app's RunningModel. */
import * as z from 'zod';
import type { RunningModel } from '../../shared/models-api';

const PsModelSchema = z.object({
  name: z.string(),
  size: z.number().nullish(),
  digest: z.string().nullish(),
  details: z.object({ parameter_size: z.string().nullish(), quantization_level: z.string().nullish() }).nullish(),
  expires_at: z.string().nullish(),
  size_vram: z.number().nullish(),
  context_length: z.number().nullish(),
});

export const PsSchema = z.object({ models: z.array(PsModelSchema).nullish() });

/** The CLI shows "Forever" for anything this far ahead (a negative keep_alive is centuries). */
const FOREVER_AFTER_MS = 20 * 365.25 * 24 * 3600 * 1000;

/** null for "no expiry": Go's zero time, a far-future time, or nothing parseable. */
export function expiryOf(value: string | null | undefined, now: number): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || new Date(ms).getUTCFullYear() <= 1) return null;
  if (ms - now > FOREVER_AFTER_MS) return null;
  return new Date(ms).toISOString();
}

export function toRunningModels(ps: z.infer<typeof PsSchema>, now: number = Date.now()): RunningModel[] {
  return (ps.models ?? []).map((m) => ({
    name: m.name,
    digest: m.digest ?? '',
    size: m.size ?? 0,
    sizeVram: m.size_vram ?? 0,
    contextLength: typeof m.context_length === 'number' && m.context_length > 0 ? m.context_length : null,
    expiresAt: expiryOf(m.expires_at, now),
    parameterSize: m.details?.parameter_size || null,
    quantization: m.details?.quantization_level || null,
  }));
}
