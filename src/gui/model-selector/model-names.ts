import type { ModelSummary } from '../../shared/api';
import { sameModel } from '../../shared/model-name';

export { sameModel };

export function findModel(models: readonly ModelSummary[] | undefined, name: string | null | undefined) {
  if (!models || !name) return undefined;
  return models.find((m) => m.name === name) ?? models.find((m) => sameModel(m.name, name));
}
