import { ERROR_CODES } from '../../shared/error-codes';
import type { Job } from '../../shared/models-api';
import { errorText } from '../api/error-messages';

/** "llama3.2:latest" → "llama3.2": how people say a model's name. */
export function displayModelName(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
}

export function modelUpdatedText(model: string): string {
  return `${displayModelName(model)} was updated to a new version.`;
}

/** What went wrong with a pull or update, and what to do about it. */
export function jobErrorText(job: Job): string {
  const name = displayModelName(job.model);
  const code = job.error?.code ?? 'unknown';
  const message = (job.error?.message ?? '').trim().replace(/\.$/, '');
  const verb = job.kind === 'update' ? 'update' : 'pull';
  if (
    code === ERROR_CODES.ollamaUnreachable ||
    code === ERROR_CODES.ollamaTimeout ||
    code === ERROR_CODES.ollamaDropped
  ) {
    return `Couldn't ${verb} ${name}: ${errorText(job.error)}`;
  }
  if (
    code === ERROR_CODES.modelNotFound ||
    /not found|does not exist|file does not exist|pull model manifest/i.test(message)
  ) {
    return `“${name}” wasn't found in the Ollama library. Check the spelling and the tag (e.g. qwen3:0.6b).`;
  }
  if (/no space|disk full/i.test(message))
    return `Couldn't ${verb} ${name}: the disk is full. Free some space, then retry.`;
  return `Couldn't ${verb} ${name}${message ? `: ${message}` : ''}. Retry in a moment.`;
}

/** "pulling 6a0746a1ec1a" → "Downloading 6a0746a1ec1a"; the rest with a capital first letter. */
export function phaseText(job: Job): string {
  if (job.status === 'queued') return 'Waiting to start…';
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
