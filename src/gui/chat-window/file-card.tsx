/** One attached file as a card: icon by kind (or a thumbnail), name, size, estimated tokens, pages of a PDF. */
import type { ReactNode } from 'react';
import type { AttachmentKind } from '../../shared/api';
import { XIcon } from '../ui/icons';
import { FilePdfIcon, FileTextIcon, ImageIcon } from '../ui/icons-later';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / 104857.6) / 10} MB`;
}

/** "~850 tokens", "~1.2k tokens", "~34k tokens". */
function formatTokens(tokens: number): string {
  if (tokens < 1000) return `~${tokens} tokens`;
  const k = tokens / 1000;
  return `~${k < 10 ? Math.round(k * 10) / 10 : Math.round(k)}k tokens`;
}

export interface FileCardProps {
  kind: AttachmentKind;
  name: string;
  size: number;
  tokens?: number;
  pages?: number;
  /** Image thumbnail source. */
  thumbnail?: string;
  onRemove?: () => void;
  /** Wraps the card's body (a link or a button that opens the file). */
  open?: (body: ReactNode) => ReactNode;
}

function KindIcon({ kind }: { kind: AttachmentKind }) {
  if (kind === 'pdf') return <FilePdfIcon size={20} />;
  if (kind === 'text') return <FileTextIcon size={20} />;
  return <ImageIcon size={20} />;
}

export function FileCard({ kind, name, size, tokens, pages, thumbnail, onRemove, open }: FileCardProps) {
  const details = [
    formatBytes(size),
    ...(pages === undefined ? [] : [`${pages} page${pages === 1 ? '' : 's'}`]),
    ...(tokens === undefined ? [] : [formatTokens(tokens)]),
  ].join(' · ');
  const body = (
    <span className="flex items-center gap-2">
      {thumbnail ? (
        <img src={thumbnail} alt={name} className="h-10 w-10 shrink-0 rounded-md border border-border object-cover" />
      ) : (
        <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-md bg-muted text-muted-foreground">
          <KindIcon kind={kind} />
        </span>
      )}
      <span className="flex min-w-0 flex-col text-left">
        <span className="max-w-44 truncate text-sm" title={name}>
          {name}
        </span>
        <span className="text-xs text-muted-foreground" data-testid="file-card-details">
          {details}
        </span>
      </span>
    </span>
  );
  return (
    <div
      className="relative rounded-lg border border-border bg-background p-1.5 pr-3"
      data-testid="file-card"
      data-kind={kind}
      data-name={name}
    >
      {open ? open(body) : body}
      {onRemove && (
        <button
          type="button"
          className="absolute -top-2 -right-2 flex h-5 w-5 items-center justify-center rounded-full border border-border bg-background text-foreground shadow-sm"
          aria-label={`Remove ${name}`}
          data-testid="file-card-remove"
          onClick={onRemove}
        >
          <XIcon size={12} />
        </button>
      )}
    </div>
  );
}
