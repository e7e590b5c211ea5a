/**
 * A chat whose model is not installed (deleted, or never pulled here): said in place, with the two
 * ways out as buttons. Pull starts the pull through the jobs API and shows its progress right
 * here; Switch model opens the header's picker. No terminal needed.
 */
import { useState } from 'react';
import type { Job } from '../../shared/models-api';
import { errorText } from '../api';
import { jobPercent, jobStatsText, ProgressBar } from '../model-selector/job-card';
import { displayModelName, phaseText } from '../model-selector/job-text';
import { isActiveJob, startPull, useJobsStore } from '../model-selector/jobs-store';
import { sameModel } from '../model-selector/model-names';
import { CodeText } from '../ui/code-text';
import { AlertIcon, DownloadIcon } from '../ui/icons';
import { useUiStore } from '../ui/ui-store';

/** The newest pull of this model the GUI knows about (started here, in another tab, or on the Models page). */
function useLatestPull(model: string): Job | null {
  return useJobsStore((s) => {
    for (const id of s.order) {
      const job = s.jobs[id];
      if (job && job.kind === 'pull' && sameModel(job.model, model)) return job;
    }
    return null;
  });
}

/** Pull and Switch model buttons, and the pull's progress once it runs. */
export function MissingModelActions({ model }: { model: string }) {
  const job = useLatestPull(model);
  const [starting, setStarting] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const pulling = starting || (job !== null && isActiveJob(job));

  const pull = async () => {
    setStarting(true);
    setRefused(null);
    try {
      await startPull(model);
    } catch (error) {
      setRefused(errorText(error));
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="flex min-w-0 flex-1 flex-col gap-1.5" data-testid="missing-model-actions">
      <span className="flex flex-wrap gap-2">
        <button type="button" className="btn" onClick={() => void pull()} disabled={pulling} data-testid="pull-model">
          <DownloadIcon size={14} />
          {pulling ? 'Pulling…' : `Pull ${displayModelName(model)}`}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => useUiStore.getState().openModelPicker()}
          data-testid="switch-model"
        >
          Switch model
        </button>
      </span>
      {job && isActiveJob(job) && (
        <div className="flex w-full max-w-md flex-col gap-1" data-testid="missing-model-progress">
          <ProgressBar
            percent={job.status === 'queued' ? 0 : jobPercent(job)}
            indeterminate={job.status === 'running' && job.total === 0}
            label={`Pulling ${displayModelName(model)}`}
            size="sm"
          />
          <span className="text-xs text-muted-foreground">
            {[phaseText(job), jobStatsText(job)].filter(Boolean).join(' · ')}
          </span>
        </div>
      )}
      {job?.status === 'error' && job.error && (
        <span className="text-xs text-danger" role="alert" data-testid="missing-model-error">
          <CodeText text={errorText(job.error)} />
        </span>
      )}
      {refused && (
        <span className="text-xs text-danger" role="alert" data-testid="missing-model-error">
          <CodeText text={refused} />
        </span>
      )}
      {job?.status === 'done' && (
        <span className="text-xs text-success" role="status">
          {displayModelName(model)} is installed.
        </span>
      )}
    </div>
  );
}

/** Under the chat header: this chat's model is not in Ollama's model list. */
export function MissingModelBar({ model }: { model: string }) {
  return (
    <div
      className="flex flex-none items-start gap-3 border-b border-warning/40 bg-warning-soft px-4 py-2.5 text-sm"
      data-testid="missing-model"
      role="status"
    >
      <AlertIcon size={16} className="mt-0.5 flex-none text-warning" />
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <p className="m-0">
          <strong className="font-semibold">{displayModelName(model)}</strong> is not installed in Ollama, so this chat
          can't get answers. Pull it, or switch the chat to another model.
        </p>
        <MissingModelActions model={model} />
      </div>
    </div>
  );
}
