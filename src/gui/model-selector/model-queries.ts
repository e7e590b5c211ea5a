import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ModelList } from '../../shared/api';
import type { ModelPreferences, RunningModels } from '../../shared/models-api';
import { api, queryKeys } from '../api';

/** How often the running-models panel asks Ollama while it is on screen (react-query pauses in hidden tabs). */
export const RUNNING_POLL_MS = 5_000;

export function useRunningModels(enabled = true) {
  return useQuery({
    queryKey: queryKeys.runningModels,
    queryFn: ({ signal }) => api.runningModels(signal),
    enabled,
    refetchInterval: RUNNING_POLL_MS,
    staleTime: 0,
    retry: false,
  });
}

export function useUnloadModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.unloadModel(name),
    onMutate: (name) => {
      // Gone from the panel at once; the next poll confirms.
      queryClient.setQueryData<RunningModels>(queryKeys.runningModels, (data) =>
        data ? { models: data.models.filter((m) => m.name !== name) } : data,
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.runningModels }),
  });
}

export function useLoadModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.loadModel(name),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.runningModels }),
  });
}

export function useModelVersions(name: string) {
  return useQuery({
    queryKey: queryKeys.modelVersions(name),
    queryFn: ({ signal }) => api.modelVersions(name, signal),
    retry: false,
  });
}

export function useModelPreferences(name: string) {
  return useQuery({
    queryKey: queryKeys.modelPreferences(name),
    queryFn: ({ signal }) => api.modelPreferences(name, signal),
    retry: false,
    staleTime: 60_000,
  });
}

export function useUpdateModelPreferences(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Pick<ModelPreferences, 'autoUpdate' | 'keepAlive'>>) =>
      api.updateModelPreferences(name, body),
    onSuccess: (prefs) => queryClient.setQueryData(queryKeys.modelPreferences(name), prefs),
  });
}

export function useModelUsage(name: string) {
  return useQuery({
    queryKey: queryKeys.modelUsage(name),
    queryFn: ({ signal }) => api.modelUsage(name, signal),
    staleTime: 0,
    retry: false,
  });
}

export function useModelMetrics(name: string) {
  return useQuery({
    queryKey: queryKeys.modelMetrics(name),
    queryFn: ({ signal }) => api.modelMetrics(name, 500, signal),
    retry: false,
  });
}

export function useMetricsComparison() {
  return useQuery({
    queryKey: queryKeys.metricsComparison,
    queryFn: ({ signal }) => api.metricsComparison(signal),
    retry: false,
  });
}

export function useDeleteModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.deleteModel(name),
    onSuccess: (_result, name) => {
      queryClient.setQueryData<ModelList>(queryKeys.models, (data) =>
        data ? { ...data, models: data.models.filter((m) => m.name !== name) } : data,
      );
      queryClient.removeQueries({ queryKey: queryKeys.model(name) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.models });
      void queryClient.invalidateQueries({ queryKey: queryKeys.runningModels });
    },
  });
}
