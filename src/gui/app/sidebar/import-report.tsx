/** What an import did: the chats it created or updated (as links), what it skipped and why, its warnings. */
import type { ImportNoteInfo, ImportReport } from '../../../shared/portability-api';
import { Dialog } from '../../ui/dialog';
import { onLinkClick } from '../../ui/router';

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

export function ReportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
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
