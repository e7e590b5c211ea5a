import { useEffect, useId, useState } from 'react';
import { ChevronDownIcon } from '../ui/icons';
import { BrainIcon } from '../ui/icons-later';
import { LazyMarkdown } from './markdown/lazy-markdown';

export interface ThinkingSectionProps {
  text: string;
  /** Still reasoning (no answer text yet and the generation is running). */
  live: boolean;
  /** Client clock when reasoning started; null when unknown (e.g. a finished message from history). */
  startedAt: number | null;
  /** Known duration in ms, once finished. */
  durationMs: number | null;
}

function useElapsedSeconds(startedAt: number | null, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** The model's reasoning: "Thinking… 4 s" while it runs, then "Thought for 12 s", expandable. */
export function ThinkingSection({ text, live, startedAt, durationMs }: ThinkingSectionProps) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const elapsed = useElapsedSeconds(startedAt, live);
  const label = live
    ? `Thinking… ${elapsed} s`
    : durationMs !== null
      ? `Thought for ${Math.max(1, Math.round(durationMs / 1000))} s`
      : 'Thought process';
  return (
    <div className="mb-3" data-testid="thinking-section" data-state={live ? 'thinking' : 'done'}>
      <button
        type="button"
        className="inline-flex items-center gap-1.5 rounded-md py-1 pr-2 text-sm text-muted-foreground hover:text-foreground"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen((o) => !o)}
      >
        <BrainIcon size={16} className={live ? 'animate-pulse' : undefined} />
        <span>{label}</span>
        <ChevronDownIcon size={14} className={`transition-transform ${open ? 'rotate-180' : ''}`} />
      </button>
      {open && (
        <div
          id={bodyId}
          className="mt-1 border-l-2 border-border pl-3 text-sm text-muted-foreground"
          data-testid="thinking-content"
        >
          <LazyMarkdown text={text} streaming={live} />
        </div>
      )}
    </div>
  );
}
