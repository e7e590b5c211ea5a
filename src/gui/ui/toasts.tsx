import { CodeText } from './code-text';
import { XIcon } from './icons';
import { useToastStore } from './toast-store';

export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <div
      className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2"
      aria-live="polite"
      aria-relevant="additions"
    >
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`pointer-events-auto flex items-start gap-2 rounded-xl border px-3 py-2.5 text-sm shadow-lg ${
            toast.kind === 'error' ? 'border-danger/40 bg-danger-soft' : 'border-border bg-card'
          }`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={toast.kind}
        >
          <span className="min-w-0 flex-1">
            <CodeText text={toast.text} />
          </span>
          <button
            type="button"
            className="icon-button !h-6 !w-6"
            aria-label="Dismiss"
            onClick={() => dismiss(toast.id)}
          >
            <XIcon size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
