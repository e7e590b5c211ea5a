import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, queryKeys, useModels } from '../api';
import { RegenerateIcon } from '../ui/icons';

/** Asks the server to re-read Ollama's model list now (bypassing its cache) and shows it everywhere. */
export function RefreshModelsButton({ className, iconSize }: { className: string; iconSize: number }) {
  const queryClient = useQueryClient();
  const models = useModels();
  const [refreshing, setRefreshing] = useState(false);
  const refresh = async () => {
    setRefreshing(true);
    try {
      queryClient.setQueryData(queryKeys.models, await api.listModels(undefined, true));
    } catch {
      void models.refetch();
    } finally {
      setRefreshing(false);
    }
  };
  return (
    <button
      type="button"
      className={className}
      aria-label="Refresh the model list"
      title="Refresh the model list"
      onClick={refresh}
      disabled={refreshing}
    >
      <RegenerateIcon size={iconSize} className={refreshing ? 'animate-spin' : undefined} />
    </button>
  );
}
