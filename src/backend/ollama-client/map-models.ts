/** Validates /api/tags and /api/show answers and maps them to the app's ModelSummary / ModelDetails. */
import * as z from 'zod';
import type { ModelDetails, ModelSummary } from '../../shared/api';

const DetailsSchema = z.object({
  family: z.string().nullish(),
  parameter_size: z.string().nullish(),
  quantization_level: z.string().nullish(),
  context_length: z.number().nullish(),
});

const TagsModelSchema = z.object({
  name: z.string(),
  modified_at: z.string().nullish(),
  size: z.number().nullish(),
  digest: z.string().nullish(),
  details: DetailsSchema.nullish(),
  capabilities: z.array(z.string()).nullish(),
});
type TagsModel = z.infer<typeof TagsModelSchema>;

export const TagsSchema = z.object({ models: z.array(TagsModelSchema).nullish() });

export const ShowSchema = z.object({
  license: z.string().nullish(),
  parameters: z.string().nullish(),
  template: z.string().nullish(),
  system: z.string().nullish(),
  details: DetailsSchema.nullish(),
  model_info: z.record(z.string(), z.unknown()).nullish(),
  capabilities: z.array(z.string()).nullish(),
  modified_at: z.string().nullish(),
});

export const VersionSchema = z.object({ version: z.string() });

/** `x` means `x:latest` (the tag is looked for after the last `/`, as a registry host may have a port). */
function withDefaultTag(name: string): string {
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? name : `${name}:latest`;
}

/** Ollama's name equality: default tag added, compared case-insensitively. */
export function canonicalModelName(name: string): string {
  return withDefaultTag(name).toLowerCase();
}

function isoTime(value: string | null | undefined): string {
  if (!value) return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** Embedding-only models cannot chat, and image-generation models cannot produce text on this Ollama. */
export function canChat(capabilities: string[]): boolean {
  return (
    !(capabilities.includes('embedding') && !capabilities.includes('completion')) && !capabilities.includes('image')
  );
}

function positive(n: number | null | undefined): number | null {
  return typeof n === 'number' && n > 0 ? n : null;
}

export function toModelSummary(m: TagsModel): ModelSummary {
  const capabilities = m.capabilities ?? [];
  return {
    name: m.name,
    size: m.size ?? 0,
    digest: m.digest ?? '',
    modifiedAt: isoTime(m.modified_at),
    family: m.details?.family || null,
    parameterSize: m.details?.parameter_size || null,
    quantization: m.details?.quantization_level || null,
    contextLength: positive(m.details?.context_length),
    capabilities,
    canChat: canChat(capabilities),
  };
}

export function toModelSummaries(tags: z.infer<typeof TagsSchema>): ModelSummary[] {
  return (tags.models ?? []).map(toModelSummary);
}

/** /api/show has no size or digest: those come from the model's /api/tags entry when it is listed. */
export function toModelDetails(
  requestedName: string,
  show: z.infer<typeof ShowSchema>,
  tags: z.infer<typeof TagsSchema>,
): ModelDetails {
  const wanted = canonicalModelName(requestedName);
  const listed = (tags.models ?? []).find((m) => canonicalModelName(m.name) === wanted);
  const base = toModelSummary(listed ?? { name: withDefaultTag(requestedName) });
  const modelInfo = show.model_info ?? {};
  const arch = modelInfo['general.architecture'];
  const archContext = typeof arch === 'string' ? modelInfo[`${arch}.context_length`] : undefined;
  const capabilities = show.capabilities ?? base.capabilities;
  const details = show.details;
  return {
    ...base,
    modifiedAt: show.modified_at ? isoTime(show.modified_at) : base.modifiedAt,
    family: details?.family || base.family,
    parameterSize: details?.parameter_size || base.parameterSize,
    quantization: details?.quantization_level || base.quantization,
    contextLength:
      positive(typeof archContext === 'number' ? archContext : null) ??
      positive(details?.context_length) ??
      base.contextLength,
    capabilities,
    canChat: canChat(capabilities),
    parameters: show.parameters ?? '',
    template: show.template ?? '',
    system: show.system ?? '',
    license: show.license ?? '',
    modelInfo,
  };
}
