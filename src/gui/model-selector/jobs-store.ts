import { create } from 'zustand';
import type { Job } from '../../shared/models-api';
import { api, subscribeToJob } from '../api';
import { sameModel } from './model-names';

/** Pulls and updates the GUI shows, whatever page is open; they run on the server either way. */
interface JobsState {
  jobs: Record<string, Job>;
  /** Newest first. */
  order: string[];
  dismissed: Record<string, true>;
  upsert: (job: Job) => void;
  dismiss: (id: string) => void;
}

export const isFinalStatus = (status: Job['status']) =>
  status === 'done' || status === 'error' || status === 'cancelled';
export const isActiveJob = (job: Job) => !isFinalStatus(job.status);

export const useJobsStore = create<JobsState>((set) => ({
  jobs: {},
  order: [],
  dismissed: {},
  upsert: (job) =>
    set((s) => {
      const old = s.jobs[job.id];
      // A late progress event never turns a finished job back into a running one.
      if (old && isFinalStatus(old.status) && !isFinalStatus(job.status)) return s;
      return {
        jobs: { ...s.jobs, [job.id]: job },
        order: old ? s.order : [job.id, ...s.order],
      };
    }),
  dismiss: (id) => set((s) => ({ dismissed: { ...s.dismissed, [id]: true } })),
}));

type FinishedListener = (job: Job, seenRunning: boolean) => void;
let finishedListener: FinishedListener | null = null;
/** Called once per job when it ends (refresh the model list, tell the user). Set by the app shell. */
export function setJobFinishedListener(listener: FinishedListener | null): void {
  finishedListener = listener;
}

const subscriptions = new Map<string, () => void>();
const seenActive = new Set<string>();
const notified = new Set<string>();

/**
 * Browsers open at most 6 connections per host over HTTP/1.1, and the app's event stream and
 * streaming answers need theirs: only this many jobs get a stream of their own. The others (queued,
 * or beyond the limit) are polled through `GET /api/jobs` until a stream is free.
 */
const MAX_JOB_STREAMS = 2;
const POLL_MS = 1500;
let pollTimer: ReturnType<typeof setTimeout> | undefined;

function subscribe(id: string): void {
  const unsubscribe = subscribeToJob(id, {
    onUpdate: (update) => useJobsStore.getState().upsert(update),
    onFinal: (final) => {
      useJobsStore.getState().upsert(final);
      finished(final);
    },
    onUnavailable: () => {
      subscriptions.delete(id);
      // The stream is gone (server restarted?): ask what became of the job.
      void refreshJobs();
    },
  });
  subscriptions.set(id, unsubscribe);
}

function follow(): void {
  const jobs = Object.values(useJobsStore.getState().jobs);
  for (const job of jobs) {
    if (subscriptions.size >= MAX_JOB_STREAMS) break;
    if (job.status === 'running' && !subscriptions.has(job.id)) subscribe(job.id);
  }
  const unfollowed = jobs.some((job) => isActiveJob(job) && !subscriptions.has(job.id));
  if (unfollowed && pollTimer === undefined) {
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      void refreshJobs().then(follow);
    }, POLL_MS);
  }
}

function finished(job: Job) {
  subscriptions.get(job.id)?.();
  subscriptions.delete(job.id);
  if (!notified.has(job.id)) {
    notified.add(job.id);
    finishedListener?.(job, seenActive.has(job.id));
  }
  follow();
}

/**
 * Shows a job and follows its progress until it ends. `live`: the job arrived as news (app events),
 * so its end is worth telling even if it was never seen running.
 */
export function trackJob(job: Job, live = false): void {
  const store = useJobsStore.getState();
  const previous = store.jobs[job.id];
  store.upsert(job);
  if (isFinalStatus(job.status)) {
    // Only jobs this page saw running are news; old ones from GET /api/jobs are just shown.
    if (previous || live || seenActive.has(job.id)) {
      if (live) seenActive.add(job.id);
      finished(job);
    } else notified.add(job.id);
    return;
  }
  seenActive.add(job.id);
  follow();
}

/** Recent jobs that finished this long ago are still shown when the page opens. */
const RECENT_MS = 10 * 60_000;

let loading: Promise<void> | null = null;
/** Loads running and recent jobs (after a reload, or from another tab) and follows the running ones. */
export function refreshJobs(): Promise<void> {
  loading ??= api
    .listJobs()
    .then(({ jobs }) => {
      const now = Date.now();
      const sorted = [...jobs].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      for (const job of sorted) {
        const known = useJobsStore.getState().jobs[job.id];
        const recent = job.finishedAt !== null && now - Date.parse(job.finishedAt) < RECENT_MS;
        if (known || isActiveJob(job) || recent) trackJob(job);
      }
    })
    .catch(() => {
      // The list is a convenience: live jobs still arrive through /api/events.
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** Starts a pull; the job shows up at once. Throws the ApiError when the server refuses. */
export async function startPull(name: string): Promise<Job> {
  const { job } = await api.startPull(name.trim());
  trackJob(job);
  return job;
}

export async function cancelJob(id: string): Promise<void> {
  await api.cancelJob(id);
}

/** The jobs to show as cards, newest first; `model` narrows them to one model. */
export function useVisibleJobs(model?: string): Job[] {
  const jobs = useJobsStore((s) => s.jobs);
  const order = useJobsStore((s) => s.order);
  const dismissed = useJobsStore((s) => s.dismissed);
  const result: Job[] = [];
  for (const id of order) {
    const job = jobs[id];
    if (!job || dismissed[id]) continue;
    if (model && !sameModel(job.model, model)) continue;
    result.push(job);
  }
  return result;
}

export function useActiveJobCount(): number {
  return useJobsStore((s) => Object.values(s.jobs).filter(isActiveJob).length);
}
