/**
 * Import (issue #9): a button and a drop zone (the whole sidebar) for an export of ChatGPT, Open
 * WebUI, Hollama or this app, then a report of what was imported, skipped, and why.
 */
import { type DragEvent, useRef, useState } from 'react';
import type { ImportNoteInfo, ImportReport } from '../../../shared/portability-api';
import { errorText, useImportFile } from '../../api';
import { Dialog } from '../../ui/dialog';
import { DownloadIcon } from '../../ui/icons';
import { onLinkClick } from '../../ui/router';

const ACCEPT = '.json,.zip,.md,.markdown,application/json,application/zip,text/markdown';

function where(note: ImportNoteInfo): string {
  const l = note.location;
  const parts = [l.file, l.conversation === undefined ? null : `conversation ${l.conversation + 1}`, l.field];
  return parts.filter(Boolean).join(', ');
}

function NoteList({ notes, testId }: { notes: ImportNoteInfo[]; testId: string }) {
  return (
    <ul className="m-0 max-h-40 list-disc overflow-y-auto pl-5 text-sm" data-testid={testId}>
      {notes.map((n, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: notes have no id and never reorder
        <li key={i}>
          {n.reason}
          {where(n) && <span className="text-muted-foreground"> — {where(n)}</span>}
        </li>
      ))}
    </ul>
  );
}

function ReportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const created = report.imported.filter((c) => c.action === 'created').length;
  const updated = report.chats - created;
  return (
    <Dialog title="Import finished" onClose={onClose} testId="import-report">
      <p className="mt-0 text-sm" data-testid="import-summary">
        {report.chats === 0
          ? 'No chats were imported.'
          : `Imported ${created} chat${created === 1 ? '' : 's'}${updated > 0 ? `, updated ${updated}` : ''}.`}
        {report.format ? <span className="text-muted-foreground"> Format: {report.format}.</span> : null}
      </p>
      {report.imported.length > 0 && (
        <ul className="m-0 mb-3 max-h-48 list-none overflow-y-auto p-0 text-sm" data-testid="import-imported">
          {report.imported.map((c) => (
            <li key={c.chatId}>
              <a
                href={`/c/${c.chatId}`}
                className="underline"
                onClick={(e) => {
                  onLinkClick(e, { name: 'chat', chatId: c.chatId });
                  onClose();
                }}
              >
                {c.title}
              </a>{' '}
              <span className="text-muted-foreground">
                ({c.messages} messages{c.action === 'updated' ? ', updated' : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
      {report.skipped.length > 0 && (
        <>
          <h3 className="mb-1 text-sm font-semibold">Skipped ({report.skipped.length})</h3>
          <NoteList notes={report.skipped} testId="import-skipped" />
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3 className="mb-1 text-sm font-semibold">Warnings ({report.warnings.length})</h3>
          <NoteList notes={report.warnings} testId="import-warnings" />
        </>
      )}
      <div className="mt-4 flex justify-end">
        <button type="button" className="btn" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}

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
      {report && <ReportDialog report={report} onClose={() => setReport(null)} />}
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
