/**
 * Import (issue #9): a button and a drop zone (the whole sidebar) for an export of ChatGPT, Open
 * WebUI, Hollama or this app, then a report of what was imported, skipped, and why.
 */
import { type DragEvent, useRef, useState } from 'react';
import type { ImportReport } from '../../../shared/portability-api';
import { errorText, useImportFile } from '../../api';
import { DownloadIcon } from '../../ui/icons';
import { Deferred, lazyNamed } from '../../ui/lazy-named';

const ACCEPT = '.json,.zip,.md,.markdown,application/json,application/zip,text/markdown';

// The report opens once per import: its chunk is fetched then, not with the sidebar.
const ReportDialog = lazyNamed(
  () => import('./import-report'),
  (m) => m.ReportDialog,
);

/** State shared by the button and the drop zone: one import at a time. */
export function useChatImport() {
  const mutation = useImportFile();
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const start = (file: File) => {
    if (mutation.isPending) return;
    setFailure(null);
    mutation.mutate(file, {
      onSuccess: setReport,
      onError: (error) => setFailure(errorText(error)),
    });
  };

  const dropProps = {
    onDragOver: (e: DragEvent) => {
      if (!Array.from(e.dataTransfer.types).includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (e.currentTarget === e.target) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      const file = e.dataTransfer.files[0];
      setDragging(false);
      if (!file) return;
      e.preventDefault();
      start(file);
    },
  };

  const view = (
    <>
      {mutation.isPending && (
        <p className="m-0 px-3 py-1 text-xs text-muted-foreground" role="status" data-testid="import-progress">
          <span className="live-dot" aria-hidden="true" /> Importing {mutation.variables?.name}…
        </p>
      )}
      {failure && (
        <div
          className="mx-2 my-1 rounded-lg border border-danger px-3 py-2 text-xs"
          role="alert"
          data-testid="import-error"
        >
          <p className="m-0 text-danger">{failure}</p>
          <button type="button" className="mt-1 underline" onClick={() => setFailure(null)}>
            Dismiss
          </button>
        </div>
      )}
      {report && (
        <Deferred onError={() => setReport(null)}>
          <ReportDialog report={report} onClose={() => setReport(null)} />
        </Deferred>
      )}
    </>
  );
  return { start, pending: mutation.isPending, dragging, dropProps, view };
}

export function ImportButton({ onFile, pending }: { onFile: (file: File) => void; pending: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label="Import chats from a file"
        title="Import chats (ChatGPT, Open WebUI, Hollama, JSON, Markdown) — or drop a file here"
        disabled={pending}
        onClick={() => input.current?.click()}
        data-testid="import-button"
      >
        <DownloadIcon size={17} className="rotate-180" />
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        className="hidden"
        data-testid="import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
