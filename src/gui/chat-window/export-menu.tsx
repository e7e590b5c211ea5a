/** The chat header's Export menu (issue #9): the whole chat as JSON, or the current branch as Markdown. */
import { useEffect, useRef, useState } from 'react';
import { EXPORT_URLS } from '../../shared/portability-api';
import { DownloadIcon } from '../ui/icons';

export function ExportMenu({ chatId }: { chatId: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const item = 'block rounded-md px-3 py-1.5 text-sm no-underline hover:bg-muted';
  return (
    <div className="relative" ref={root}>
      <button
        type="button"
        className="icon-button"
        aria-label="Export this chat"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Export chat"
        onClick={() => setOpen((o) => !o)}
        data-testid="export-menu-button"
      >
        <DownloadIcon />
      </button>
      {open && (
        <div
          role="menu"
          className="absolute right-0 z-20 mt-1 w-64 rounded-lg border border-border bg-background p-1 shadow-lg"
          data-testid="export-menu"
        >
          <a
            role="menuitem"
            className={item}
            href={EXPORT_URLS.chat(chatId, 'json')}
            download
            onClick={() => setOpen(false)}
            data-testid="export-json"
          >
            JSON (whole chat, all branches)
          </a>
          <a
            role="menuitem"
            className={item}
            href={EXPORT_URLS.chat(chatId, 'md')}
            download
            onClick={() => setOpen(false)}
            data-testid="export-md"
          >
            Markdown (current branch)
          </a>
        </div>
      )}
    </div>
  );
}
