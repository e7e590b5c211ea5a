import type { GenerationMetrics } from '../../shared/api';

// One formatter for all rows: creating an Intl formatter per call costs milliseconds each.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** tokens/s, time to first token and token counts of a finished answer. */
export function MessageMetrics({ metrics, createdAt }: { metrics: GenerationMetrics; createdAt: string }) {
  const parts: string[] = [];
  if (metrics.tokensPerSecond !== null) parts.push(`${metrics.tokensPerSecond.toFixed(1)} tok/s`);
  if (metrics.ttftMs !== null) parts.push(`TTFT ${seconds(metrics.ttftMs)}`);
  parts.push(`${metrics.evalCount} tokens`);
  const detail = [
    `Prompt: ${metrics.promptEvalCount} tokens${metrics.promptEvalDurationMs ? ` in ${seconds(metrics.promptEvalDurationMs)}` : ''}`,
    `Answer: ${metrics.evalCount} tokens in ${seconds(metrics.evalDurationMs)}`,
    metrics.loadDurationMs > 1 ? `Model load: ${seconds(metrics.loadDurationMs)}` : null,
    `Total: ${seconds(metrics.totalDurationMs)}`,
    metrics.doneReason ? `Stopped because: ${metrics.doneReason}` : null,
    dateFormat.format(new Date(createdAt)),
  ]
    .filter(Boolean)
    .join('\n');
  const dropped = metrics.droppedMessages ?? 0;
  return (
    <span className="text-xs tabular-nums text-muted-foreground" data-testid="message-metrics" title={detail}>
      {parts.join(' · ')}
      {dropped > 0 && (
        <span
          className="ml-2 rounded bg-muted px-1.5 py-0.5"
          data-testid="context-trimmed"
          title="The conversation was longer than the model's context window, so the oldest messages were not sent. Raise the context length in the chat settings to keep them."
        >
          {dropped === 1 ? '1 earlier message left out' : `${dropped} earlier messages left out`} to fit the context
        </span>
      )}
    </span>
  );
}
