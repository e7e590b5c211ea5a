import { memo, useState } from 'react';
import type { Job, JobLayer } from '../../shared/models-api';
import { errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { XIcon } from '../ui/icons';
import { ChevronRightIcon } from '../ui/icons-later';
import { showToast } from '../ui/toast-store';
import { formatBytes, formatEta, formatSpeed, percentOf, shortDigest } from './format';
import { displayModelName, jobErrorText, phaseText } from './job-text';
import { cancelJob, isActiveJob, startPull, useJobsStore } from './jobs-store';

/** Overall progress of a job, 0–100 (a finished job is 100 even if Ollama never sent the last bytes). */
export function jobPercent(job: Pick<Job, 'status' | 'completed' | 'total'>): number {
  if (job.status === 'done') return 100;
  return percentOf(job.completed, job.total);
}

/**
 * "1.2 GB of 2.0 GB · 60% · 25 MB/s · 32 s left" (only the parts that are known). A queued job has
 * nothing to say yet; one that was cancelled or failed says how much it had downloaded, without a
 * percentage (a pull cancelled at the very end is not "100%").
 */
export function jobStatsText(job: Job): string {
  if (job.status === 'queued') return '';
  const parts: string[] = [];
  if (job.total > 0) {
    const ended = job.status === 'cancelled' || job.status === 'error';
    if (ended) {
      if (job.completed > 0) parts.push(`${formatBytes(job.completed)} of ${formatBytes(job.total)} downloaded`);
    } else {
      parts.push(`${formatBytes(job.completed)} of ${formatBytes(job.total)}`);
      parts.push(`${jobPercent(job)}%`);
    }
  }
  if (isActiveJob(job)) {
    const speed = formatSpeed(job.bytesPerSecond);
    if (speed) parts.push(speed);
    const eta = formatEta(job.etaSeconds);
    if (eta) parts.push(eta);
  }
  return parts.join(' · ');
}

export function ProgressBar({
  percent,
  label,
  indeterminate = false,
  size = 'md',
  tone = 'accent',
  testId,
}: {
  percent: number;
  label: string;
  indeterminate?: boolean;
  size?: 'sm' | 'md';
  tone?: 'accent' | 'success' | 'danger' | 'muted';
  testId?: string;
}) {
  const fill = {
    accent: 'bg-accent',
    success: 'bg-success',
    danger: 'bg-danger',
    muted: 'bg-muted-foreground/50',
  }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={indeterminate ? 'Starting' : `${percent}%`}
      data-testid={testId}
      className={`relative overflow-hidden rounded-full bg-muted ${size === 'sm' ? 'h-1' : 'h-2'}`}
    >
      {indeterminate ? (
        <div className="progress-indeterminate absolute inset-y-0 w-1/3 rounded-full bg-accent/70" />
      ) : (
        <div
          className={`h-full rounded-full ${fill} transition-[width] duration-300 ease-out`}
          style={{ width: `${percent}%` }}
        />
      )}
    </div>
  );
}

function LayerRow({ layer, done }: { layer: JobLayer; done: boolean }) {
  const percent = done ? 100 : percentOf(layer.completed, layer.total);
  return (
    <li className="grid grid-cols-[6.5rem_1fr_auto] items-center gap-2 text-xs text-muted-foreground">
      <span className="font-mono" title={layer.digest}>
        {shortDigest(layer.digest)}
      </span>
      <ProgressBar percent={percent} label={`Layer ${shortDigest(layer.digest)}`} size="sm" />
      <span className="min-w-[7.5rem] text-right tabular-nums">
        {formatBytes(layer.total)} · {percent}%
      </span>
    </li>
  );
}

/** One pull or update: bar with bytes, %, speed and ETA, per-layer bars, phase, Cancel. */
function JobCardImpl({ job, onOpenModel }: { job: Job; onOpenModel?: (name: string) => void }) {
  const [cancelling, setCancelling] = useState(false);
  const active = isActiveJob(job);
  const name = displayModelName(job.model);
  const percent = jobPercent(job);
  const unchanged =
    job.kind === 'update' &&
    job.status === 'done' &&
    !!job.previousDigest &&
    !!job.newDigest &&
    job.previousDigest === job.newDigest;
  const title =
    job.kind === 'update'
      ? active
        ? `Updating ${name}`
        : job.status === 'done'
          ? unchanged
            ? `${name} is up to date`
            : `Updated ${name}`
          : `Update of ${name}`
      : active
        ? `Pulling ${name}`
        : job.status === 'done'
          ? `Pulled ${name}`
          : `Pull of ${name}`;

  const cancel = async () => {
    setCancelling(true);
    try {
      await cancelJob(job.id);
    } catch (error) {
      showToast('error', errorText(error));
      setCancelling(false);
    }
  };
  const retry = async () => {
    try {
      useJobsStore.getState().dismiss(job.id);
      await startPull(job.model);
    } catch (error) {
      showToast('error', errorText(error));
    }
  };

  // Update checks that found nothing new are news of one line.
  if (unchanged) {
    return (
      <div
        className="flex items-center gap-2 rounded-xl border border-border px-3 py-2 text-sm"
        data-testid="job-card"
        data-status={job.status}
        data-kind={job.kind}
        data-model={job.model}
      >
        <span className="text-success" aria-hidden="true">
          ✓
        </span>
        <span className="min-w-0 flex-1 truncate">{title}</span>
        <div
          className="sr-only"
          role="progressbar"
          aria-valuenow={100}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label={title}
          data-testid="job-progress"
        />
        <button
          type="button"
          className="icon-button !h-7 !w-7"
          aria-label="Dismiss"
          onClick={() => useJobsStore.getState().dismiss(job.id)}
        >
          <XIcon size={14} />
        </button>
      </div>
    );
  }

  const stats = jobStatsText(job);
  const indeterminate = active && job.total <= 0;
  const showLayers = job.layers.length > 1 && job.status !== 'cancelled';

  return (
    <section
      className="rounded-xl border border-border bg-card p-3.5"
      data-testid="job-card"
      data-status={job.status}
      data-kind={job.kind}
      data-model={job.model}
      aria-label={title}
      aria-busy={active}
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h3 className="m-0 truncate text-sm font-semibold">{title}</h3>
          <p className="m-0 text-xs text-muted-foreground" data-testid="job-phase">
            <span
              className={
                job.status === 'error'
                  ? 'font-medium text-danger'
                  : job.status === 'done'
                    ? 'font-medium text-success'
                    : undefined
              }
            >
              {phaseText(job)}
            </span>
          </p>
        </div>
        {active ? (
          <button
            type="button"
            className="btn !py-1 !text-xs"
            onClick={cancel}
            disabled={cancelling}
            data-testid="job-cancel"
            aria-label={`Cancel ${job.kind === 'update' ? 'the update of' : 'pulling'} ${name}`}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <div className="flex items-center gap-1">
            {job.status === 'done' && job.kind === 'pull' && onOpenModel && (
              <button type="button" className="btn !py-1 !text-xs" onClick={() => onOpenModel(job.model)}>
                Details
              </button>
            )}
            {(job.status === 'error' || job.status === 'cancelled') && job.kind === 'pull' && (
              <button type="button" className="btn !py-1 !text-xs" onClick={retry} data-testid="job-retry">
                {job.status === 'error' ? 'Retry' : 'Pull again'}
              </button>
            )}
            <button
              type="button"
              className="icon-button !h-7 !w-7"
              aria-label="Dismiss"
              title="Dismiss"
              onClick={() => useJobsStore.getState().dismiss(job.id)}
            >
              <XIcon size={14} />
            </button>
          </div>
        )}
      </div>

      <div className="mt-2.5">
        {/* A cancelled pull has no bar (a full one would read as finished); a queued one an empty bar. */}
        {job.status !== 'cancelled' && (
          <ProgressBar
            percent={job.status === 'queued' ? 0 : percent}
            label={title}
            indeterminate={indeterminate && job.status !== 'queued'}
            tone={job.status === 'done' ? 'success' : job.status === 'error' ? 'danger' : 'accent'}
            testId="job-progress"
          />
        )}
        {stats && (
          <p className="m-0 mt-1.5 text-xs tabular-nums text-muted-foreground" data-testid="job-stats">
            {stats}
          </p>
        )}
      </div>

      {job.status === 'error' && (
        <p className="m-0 mt-2 rounded-lg bg-danger-soft px-3 py-2 text-sm" role="alert" data-testid="job-error">
          <CodeText text={jobErrorText(job)} />
        </p>
      )}

      {showLayers && (
        <details className="mt-2" open={active && job.layers.length <= 8}>
          <summary className="cursor-pointer text-xs text-muted-foreground select-none">
            {job.layers.length} layer{job.layers.length === 1 ? '' : 's'}
          </summary>
          <ul className="m-0 mt-1.5 list-none space-y-1 p-0" data-testid="job-layers">
            {job.layers.map((layer) => (
              <LayerRow key={layer.digest} layer={layer} done={job.status === 'done'} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export const JobCard = memo(JobCardImpl);

/**
 * The cards of the jobs to show, newest first: running, queued and failed ones (they need an eye or
 * a Retry) as cards; finished and cancelled ones folded into "Recent", closed until opened.
 */
export function JobList({ jobs, onOpenModel }: { jobs: Job[]; onOpenModel?: (name: string) => void }) {
  if (jobs.length === 0) return null;
  const recent = jobs.filter((j) => j.status === 'done' || j.status === 'cancelled');
  const current = jobs.filter((j) => j.status !== 'done' && j.status !== 'cancelled');
  return (
    <section className="space-y-2" aria-label="Downloads">
      {current.map((job) => (
        <JobCard key={job.id} job={job} onOpenModel={onOpenModel} />
      ))}
      {recent.length > 0 && (
        <details className="group rounded-xl border border-border" data-testid="job-history">
          <summary
            className="flex cursor-pointer items-center gap-2 rounded-xl px-3.5 py-2 text-sm select-none hover:bg-muted"
            data-testid="job-history-toggle"
          >
            <ChevronRightIcon size={14} className="flex-none transition-transform group-open:rotate-90" />
            <span className="font-medium">Recent</span>
            <span className="badge" data-testid="job-history-count">
              {recent.length}
            </span>
            <span className="sr-only">finished or cancelled downloads</span>
          </summary>
          <div className="space-y-2 px-3 pb-3">
            <div className="flex justify-end">
              <button
                type="button"
                className="text-xs text-muted-foreground hover:text-foreground hover:underline"
                onClick={() => {
                  const { dismiss } = useJobsStore.getState();
                  for (const job of recent) dismiss(job.id);
                }}
                data-testid="job-history-clear"
              >
                Clear
              </button>
            </div>
            {recent.map((job) => (
              <JobCard key={job.id} job={job} onOpenModel={onOpenModel} />
            ))}
          </div>
        </details>
      )}
    </section>
  );
}
