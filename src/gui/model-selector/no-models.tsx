import { CopyButton } from '../ui/copy-button';
import { onLinkClick } from '../ui/router';
import { JobList } from './job-card';
import { useVisibleJobs } from './jobs-store';
import { PullForm } from './pull-form';

export const SUGGESTED_PULL = 'ollama pull llama3.2';

/** No models installed: pull one right here (or with the CLI), and watch it arrive. */
export function NoModels({ compact = false }: { compact?: boolean }) {
  const jobs = useVisibleJobs();
  if (compact) {
    return (
      <div className="p-3 text-sm" data-testid="no-models">
        <p className="m-0 font-medium">No models installed yet.</p>
        <p className="mt-1 mb-2 text-muted-foreground">Pull one to start chatting:</p>
        <PullForm compact placeholder="e.g. llama3.2" />
        <a
          href="/models"
          className="mt-2 inline-block text-xs text-accent hover:underline"
          onClick={(e) => onLinkClick(e, { name: 'models' })}
        >
          Browse and manage models →
        </a>
      </div>
    );
  }
  return (
    <div className="rounded-xl border border-border p-5 text-sm" data-testid="no-models">
      <p className="m-0 text-base font-semibold">No models installed yet</p>
      <p className="mt-1 mb-3 text-muted-foreground">
        Pull one to start chatting — a small one such as <code className="inline-code">llama3.2</code> (2 GB) or{' '}
        <code className="inline-code">qwen3:0.6b</code> (500 MB) is a good start. Browse names at ollama.com/library.
      </p>
      <PullForm placeholder="llama3.2" />
      {jobs.length > 0 && (
        <div className="mt-3">
          <JobList jobs={jobs} />
        </div>
      )}
      <p className="mt-4 mb-1.5 text-xs text-muted-foreground">Or in a terminal:</p>
      <div className="flex items-center gap-2 rounded-lg bg-muted px-3 py-1.5 font-mono text-sm">
        <span className="flex-1">{SUGGESTED_PULL}</span>
        <CopyButton text={SUGGESTED_PULL} label="Copy command" />
      </div>
    </div>
  );
}
