import { useState } from 'react';
import { api, errorText } from '../api';
import { RefreshCheckIcon } from '../ui/icons-later';
import { dismissToast, showToast } from '../ui/toast-store';
import { displayModelName } from './job-text';
import { isFinalStatus, refreshJobs, useJobsStore } from './jobs-store';

/**
 * The "Checking…" toast lasts only as long as the check: once every started job has ended it goes,
 * and a check that found nothing new says so (updates and failures have toasts of their own).
 */
function replaceWhenChecked(toastId: number, jobIds: string[], model: string | undefined): void {
  const settle = (): boolean => {
    const jobs = jobIds.map((id) => useJobsStore.getState().jobs[id]);
    if (jobs.some((job) => !job || !isFinalStatus(job.status))) return false;
    dismissToast(toastId);
    const unchanged = jobs.every(
      (job) => job?.status === 'done' && job.previousDigest !== null && job.previousDigest === job.newDigest,
    );
    if (unchanged) {
      showToast(
        'info',
        model ? `${displayModelName(model)} is up to date.` : `All ${jobs.length} checked models are up to date.`,
      );
    }
    return true;
  };
  if (settle()) return;
  const unsubscribe = useJobsStore.subscribe(() => {
    if (settle()) unsubscribe();
  });
}

/** Starts update jobs (all models, or one) and shows them like pulls. */
export function CheckUpdatesButton({ model, compact = false }: { model?: string; compact?: boolean }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result = await api.checkUpdates(model ? [model] : undefined);
      await refreshJobs();
      if (result.started.length === 0) {
        const reasons = result.skipped.map((s) => `${displayModelName(s.model)}: ${s.reason}`);
        showToast(
          'info',
          reasons.length > 0
            ? `Nothing to check — ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? ` and ${reasons.length - 3} more` : ''}.`
            : 'No models to check for updates.',
        );
      } else {
        const n = result.started.length;
        const toastId = showToast(
          'info',
          model
            ? `Checking ${displayModelName(model)} for a new version…`
            : `Checking ${n} model${n === 1 ? '' : 's'} for new versions…${
                result.skipped.length ? ` (${result.skipped.length} skipped)` : ''
              }`,
        );
        replaceWhenChecked(
          toastId,
          result.started.map((s) => s.jobId),
          model,
        );
      }
    } catch (error) {
      showToast('error', errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="btn"
      onClick={run}
      disabled={busy}
      data-testid="check-updates"
      title={model ? `Check whether ${model} has a new version` : 'Check every model for a new version'}
    >
      <RefreshCheckIcon size={15} className={busy ? 'animate-spin' : undefined} />
      {busy ? 'Checking…' : compact ? 'Updates' : 'Check for updates'}
    </button>
  );
}
