import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ModelList } from '../../shared/api';
import { api, queryKeys } from '../api';
import { findModel } from './model-names';

/**
 * The installed digest of a model, from the cached model list (no request of its own when the list
 * is cached). Re-renders only when that digest changes.
 */
export function useInstalledDigest(model: string | null | undefined): string | null {
  const select = useCallback((data: ModelList) => findModel(data.models, model)?.digest ?? null, [model]);
  const query = useQuery({
    queryKey: queryKeys.models,
    queryFn: ({ signal }) => api.listModels(signal),
    staleTime: 60_000,
    retry: false,
    enabled: !!model,
    select,
  });
  return query.data ?? null;
}
