import { useEffect, useRef, useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';

/** Copies text to the clipboard and says so for two seconds. */
export function CopyButton({ text, label = 'Copy code', testId }: { text: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard denied (insecure context, permissions): select-and-copy still works.
    }
  };
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-muted-foreground hover:bg-muted hover:text-foreground"
      onClick={onCopy}
      data-testid={testId}
      aria-label={copied ? 'Copied' : label}
    >
      {copied ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
      <span aria-live="polite">{copied ? 'Copied ✓' : 'Copy'}</span>
    </button>
  );
}
