import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Job } from '../../shared/models-api';
import { api, applyChatTitle, queryKeys, subscribeToAppEvents } from '../api';
import { showToast } from '../ui/toast-store';
import { useUiStore } from '../ui/ui-store';
import { displayModelName, jobErrorText, modelUpdatedText } from './job-text';
import { refreshJobs, setJobFinishedListener, trackJob } from './jobs-store';

/** Everything that depends on the installed models is fetched again. */
export function invalidateModelData(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.models });
  void queryClient.invalidateQueries({ queryKey: ['model'] });
  void queryClient.invalidateQueries({ queryKey: ['model-versions'] });
  void queryClient.invalidateQueries({ queryKey: queryKeys.runningModels });
}

/** The list is cached by the server: ask it to look at Ollama again, then show the result. */
async function refreshModelList(queryClient: QueryClient): Promise<void> {
  try {
    queryClient.setQueryData(queryKeys.models, await api.listModels(undefined, true));
  } catch {
    void queryClient.invalidateQueries({ queryKey: queryKeys.models });
  }
  void queryClient.invalidateQueries({ queryKey: ['model'] });
  void queryClient.invalidateQueries({ queryKey: ['model-versions'] });
}

function onJobFinished(queryClient: QueryClient, job: Job, seenRunning: boolean) {
  if (job.status === 'done') void refreshModelList(queryClient);
  if (!seenRunning) return;
  if (job.status === 'error') showToast('error', jobErrorText(job));
  else if (job.status === 'done' && job.kind === 'pull') {
    showToast('success', `${displayModelName(job.model)} is ready to chat.`);
  } else if (job.status === 'done' && job.kind === 'update' && job.newDigest && job.previousDigest !== job.newDigest) {
    showToast('info', modelUpdatedText(job.model));
  }
}

/**
 * App-wide model news: the `/api/events` stream refreshes the model list when it changes anywhere
 * (a pull in another tab, `ollama pull` in a terminal, an automatic update) and tells the user
 * about updates and failed background jobs.
 */
export function useModelEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    setJobFinishedListener((job, seenRunning) => onJobFinished(queryClient, job, seenRunning));
    const unsubscribe = subscribeToAppEvents({
      onOpen: (reconnected) => {
        void refreshJobs();
        // Back after a drop: the server may have restarted, perhaps updated. The health check says which GUI
        // build it serves now (the update banner) and whether Ollama is still there.
        if (reconnected) useUiStore.getState().healthCheck?.();
      },
      onModelsChanged: () => invalidateModelData(queryClient),
      onModelUpdated: (event) => {
        showToast('info', modelUpdatedText(event.model));
        invalidateModelData(queryClient);
      },
      onJob: (job) => trackJob(job, true),
      // The server pushes reachability changes; the health poller fetches the details (and shows the banner).
      onOllamaStatus: () => useUiStore.getState().healthCheck?.(),
      onChatTitle: (event) => applyChatTitle(queryClient, event),
    });
    return () => {
      unsubscribe();
      setJobFinishedListener(null);
    };
  }, [queryClient]);
}
