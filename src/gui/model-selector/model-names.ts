import type { ModelSummary } from '../../shared/api';
import { canonicalModelName, sameModel } from '../../shared/model-name';

export { sameModel };

export function findModel(models: readonly ModelSummary[] | undefined, name: string | null | undefined) {
  if (!models || !name) return undefined;
  return models.find((m) => m.name === name) ?? models.find((m) => sameModel(m.name, name));
}

/** The canonical form the server uses: `Llama3.2` → `llama3.2:latest`. */
export const normalizeModelName = canonicalModelName;
