/** A sent text or PDF file: a text file opens in the viewer, a PDF opens (or downloads) from `/api/blobs`. */
import { useState } from 'react';
import type { Attachment } from '../../shared/api';
import { blobUrl } from '../../shared/search-api';
import { Deferred, lazyNamed } from '../ui/lazy-named';
import { FileCard } from './file-card';

// The viewer is rarely opened: keep it out of the first load.
const FileViewer = lazyNamed(
  () => import('./file-viewer'),
  (m) => m.FileViewer,
);

export function StoredFileCard({ attachment }: { attachment: Attachment }) {
  const [viewing, setViewing] = useState(false);
  const url = blobUrl(attachment.sha256);
  return (
    <>
      <FileCard
        kind={attachment.kind}
        name={attachment.name}
        size={attachment.size}
        tokens={attachment.tokens}
        pages={attachment.pages}
        open={(body) =>
          attachment.kind === 'text' ? (
            <button
              type="button"
              className="block"
              onClick={() => setViewing(true)}
              title={`${attachment.name} (view)`}
              data-testid="file-card-open"
            >
              {body}
            </button>
          ) : (
            <a
              href={url}
              target="_blank"
              rel="noreferrer"
              title={`${attachment.name} (open)`}
              data-testid="file-card-open"
              className="block"
            >
              {body}
            </a>
          )
        }
      />
      {viewing && (
        <Deferred onError={() => setViewing(false)}>
          <FileViewer attachment={attachment} onClose={() => setViewing(false)} />
        </Deferred>
      )}
    </>
  );
}
