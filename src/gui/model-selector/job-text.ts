import type { Job } from '../../shared/models-api';
import { errorText } from '../api/error-messages';

/** "llama3.2:latest" → "llama3.2": how people say a model's name. */
export function displayModelName(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
}

export function modelUpdatedText(model: string): string {
  return `${displayModelName(model)} was updated to a new version.`;
}

/**
 * What went wrong with a pull or update, and what to do about it: the server's words (job events
 * carry the ErrorInfo it worded); only a job that ended without one is worded here.
 */
export function jobErrorText(job: Job): string {
  if (job.error) return errorText(job.error);
  return `${job.kind === 'update' ? 'Updating' : 'Pulling'} ${displayModelName(job.model)} failed.`;
}

/** "pulling 6a0746a1ec1a" → "Downloading 6a0746a1ec1a"; the rest with a capital first letter. */
export function phaseText(job: Job): string {
  if (job.status === 'queued') return 'Queued';
  if (job.status === 'done') {
    if (job.kind === 'update' && job.previousDigest && job.newDigest && job.previousDigest === job.newDigest) {
      return 'Already up to date';
    }
    return job.kind === 'update' ? 'Updated to the newest version' : 'Ready to chat';
  }
  if (job.status === 'cancelled') return 'Cancelled';
  if (job.status === 'error') {
    const phase = job.phase.trim();
    return phase && !/^(error|failed)/i.test(phase) ? `Failed while ${phase}` : 'Failed';
  }
  const phase = job.phase.trim();
  if (!phase) return 'Starting…';
  const layer = /^pulling ([0-9a-f]{6,})/i.exec(phase);
  if (layer?.[1]) return `Downloading ${layer[1].slice(0, 12)}`;
  return phase.charAt(0).toUpperCase() + phase.slice(1);
}
