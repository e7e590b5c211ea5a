/**
 * The live context meter under the composer: how full the model's window will be with the draft
 * sent, and — when it will not fit — which earlier turns the server will leave out, with the way
 * out: raise num_ctx (within the model's maximum), or send anyway. Ollama drops turns silently; we say so.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { ContextMessage } from '../../../shared/context-plan';
import { whenIdle } from '../../ui/when-idle';
import { type ContextPrediction, formatTokens } from './predict';

/** Fill at which the bar turns to a warning colour. */
const WARN_RATIO = 0.8;

function preview(m: ContextMessage): string {
  const line = m.content.trim().split('\n')[0] ?? '';
  const text = line.length > 40 ? `${line.slice(0, 39).trimEnd()}…` : line;
  return text || (m.attachments.length > 0 ? 'an attachment' : 'an empty message');
}

function droppedSummary(p: ContextPrediction): string {
  const n = p.dropped.length;
  const first = p.dropped[0];
  if (!first) return '';
  const what = n === 1 ? 'The earliest message' : `The ${n} earliest messages`;
  const from = n === 1 ? ` (“${preview(first)}”)` : ` (from “${preview(first)}” on)`;
  return `${what}${from} will be left out: the chat doesn't fit the model's ${formatTokens(p.plan.contextLength)}-token context window.`;
}

export interface ContextMeterProps {
  prediction: ContextPrediction;
  /** Shown after a send was held back because it would not fit. */
  held: boolean;
  onRaise: ((numCtx: number) => void) | null;
  onSendAnyway: () => void;
  onCancel: () => void;
}

export function ContextMeter({ prediction, held, onRaise, onSendAnyway, onCancel }: ContextMeterProps) {
  const { plan } = prediction;
  const ratio = plan.totalTokens / plan.contextLength;
  const over = plan.dropped > 0;
  const level = over ? 'over' : ratio >= WARN_RATIO ? 'high' : 'ok';
  const bar = over ? 'bg-danger' : level === 'high' ? 'bg-warning' : 'bg-accent';
  const firstButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (held) firstButton.current?.focus();
  }, [held]);

  const label = `${formatTokens(plan.totalTokens)} / ${formatTokens(plan.contextLength)} tokens`;
  // The exact counts go in the tooltip (its title is also what assistive technology reads), written while
  // the browser is idle and again when the pointer arrives: `toLocaleString` in the first render made the
  // app's first screen load the browser's locale data on the main thread (55–140 ms).
  const { totalTokens, contextLength, reserve } = plan;
  const { measured } = prediction;
  const detailRef = useRef<HTMLDivElement>(null);
  const writeDetail = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      el.title =
        `About ${totalTokens.toLocaleString()} of ${contextLength.toLocaleString()} tokens ` +
        `(${measured ? 'counted by Ollama for the earlier turns, estimated for the rest' : 'estimated'}); ` +
        `${reserve.toLocaleString()} kept free for the answer.`;
    },
    [totalTokens, contextLength, reserve, measured],
  );
  useEffect(() => whenIdle(() => writeDetail(detailRef.current), 2000), [writeDetail]);

  return (
    <div className="mb-1.5" data-testid="context-meter" data-level={level}>
      <div
        className="flex items-center justify-end gap-2 text-xs text-muted-foreground"
        ref={detailRef}
        onPointerEnter={(e) => writeDetail(e.currentTarget)}
        data-testid="context-meter-detail"
      >
        {/* biome-ignore lint/a11y/useSemanticElements: a native <meter> can't take the theme's colours across browsers */}
        <div
          className="h-1.5 w-24 overflow-hidden rounded-full bg-muted"
          role="meter"
          aria-label="Context window used"
          aria-valuemin={0}
          aria-valuemax={plan.contextLength}
          aria-valuenow={Math.min(plan.totalTokens, plan.contextLength)}
          aria-valuetext={label}
        >
          <div className={`h-full ${bar}`} style={{ width: `${Math.min(100, Math.round(ratio * 100))}%` }} />
        </div>
        <span className={`tabular-nums ${over ? 'font-medium text-danger' : ''}`} data-testid="context-meter-label">
          {label}
        </span>
      </div>
      {over && (
        <div
          className={`mt-1.5 rounded-lg border px-3 py-2 text-sm ${held ? 'border-danger/50 bg-danger-soft' : 'border-warning/40 bg-warning-soft'}`}
          role={held ? 'alert' : undefined}
          data-testid="context-warning"
        >
          <p className="m-0">{droppedSummary(prediction)}</p>
          {held && (
            <div className="mt-2 flex flex-wrap gap-2">
              {onRaise && prediction.raiseTo !== null && (
                <button
                  ref={firstButton}
                  type="button"
                  className="btn"
                  data-testid="raise-context"
                  onClick={() => prediction.raiseTo !== null && onRaise(prediction.raiseTo)}
                >
                  Raise context to {formatTokens(prediction.raiseTo)} and send
                </button>
              )}
              <button
                ref={onRaise && prediction.raiseTo !== null ? undefined : firstButton}
                type="button"
                className="btn"
                data-testid="send-anyway"
                onClick={onSendAnyway}
              >
                Send anyway
              </button>
              <button type="button" className="btn" onClick={onCancel}>
                Cancel
              </button>
            </div>
          )}
          {held && prediction.raiseTo === null && (
            <p className="m-0 mt-1 text-xs text-muted-foreground">
              {prediction.maxContext !== null
                ? `Even the model's maximum (${formatTokens(prediction.maxContext)}) can't hold it all.`
                : "The model's maximum context is unknown."}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
