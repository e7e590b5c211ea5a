import { CopyButton } from '../chat-window/markdown/code-block';

export const SUGGESTED_PULL = 'ollama pull llama3.2';

/** No models installed: say how to get one (pulling from the app is not available yet). */
export function NoModels({ compact = false }: { compact?: boolean }) {
  return (
    <div className={compact ? 'p-3 text-sm' : 'rounded-xl border border-border p-5 text-sm'} data-testid="no-models">
      <p className="m-0 font-medium">No models installed yet.</p>
      <p className="mt-1 mb-2 text-muted-foreground">Pull one with this command in a terminal, then come back:</p>
      <div className="flex items-center gap-2 rounded-lg bg-muted px-3 py-1.5 font-mono text-sm">
        <span className="flex-1">{SUGGESTED_PULL}</span>
        <CopyButton text={SUGGESTED_PULL} label="Copy command" />
      </div>
    </div>
  );
}
