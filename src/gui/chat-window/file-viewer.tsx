/** A stored text file read back from `/api/blobs/<sha256>` and shown as plain text (never rendered). */
import { useEffect, useState } from 'react';
import type { Attachment } from '../../shared/api';
import { blobUrl } from '../../shared/search-api';
import { Dialog } from '../ui/dialog';
import { DownloadIcon } from '../ui/icons';

/** Longest text shown in the viewer; the whole file is one click away as a download. */
const MAX_SHOWN_CHARS = 200_000;

export function FileViewer({ attachment, onClose }: { attachment: Attachment; onClose: () => void }) {
  const [text, setText] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const url = blobUrl(attachment.sha256);
  useEffect(() => {
    const abort = new AbortController();
    fetch(url, { signal: abort.signal })
      .then((res) => (res.ok ? res.text() : Promise.reject(new Error(String(res.status)))))
      .then(setText)
      .catch(() => {
        if (!abort.signal.aborted) setFailed(true);
      });
    return () => abort.abort();
  }, [url]);
  return (
    <Dialog
      title={attachment.name}
      onClose={onClose}
      width="max-w-4xl"
      testId="file-viewer"
      actions={
        <a className="icon-button" href={url} download={attachment.name} aria-label={`Download ${attachment.name}`}>
          <DownloadIcon />
        </a>
      }
    >
      {failed ? (
        <p className="text-sm text-danger">The file could not be loaded. Reload the page and try again.</p>
      ) : text === null ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : (
        <pre className="max-h-[70vh] overflow-auto whitespace-pre-wrap break-words rounded-lg bg-muted p-3 text-xs">
          {text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}\n…` : text}
        </pre>
      )}
    </Dialog>
  );
}
