import { useEffect, useState } from 'react';

const SLOW_MS = 4000;

/** Shown from send until the first token; after a while it says why it may take longer. */
export function TypingIndicator() {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setSlow(true), SLOW_MS);
    return () => window.clearTimeout(timer);
  }, []);
  return (
    <div className="flex items-center gap-3 py-2" data-testid="typing-indicator" role="status">
      <span className="flex items-center gap-1" aria-hidden="true">
        <span className="typing-dot" />
        <span className="typing-dot" />
        <span className="typing-dot" />
      </span>
      <span className={slow ? 'text-sm text-muted-foreground' : 'sr-only'}>
        {slow ? 'Waiting for the first words — the model may still be loading…' : 'The model is answering…'}
      </span>
    </div>
  );
}
