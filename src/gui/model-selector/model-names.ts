import type { ModelSummary } from '../../shared/api';

/** Ollama lists models as `name:tag`; a chat may say just `llama3.2`, which means `llama3.2:latest`. */
export function normalizeModelName(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`;
}

export function sameModel(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a === b || normalizeModelName(a) === normalizeModelName(b);
}

export function findModel(models: readonly ModelSummary[] | undefined, name: string | null | undefined) {
  if (!models || !name) return undefined;
  return models.find((m) => m.name === name) ?? models.find((m) => sameModel(m.name, name));
}
