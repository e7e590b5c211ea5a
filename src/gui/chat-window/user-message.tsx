import { memo } from 'react';
import type { Attachment, Message } from '../../shared/api';
import { blobUrl } from '../../shared/search-api';
import { CopyButton } from '../ui/copy-button';
import { ErrorText } from '../ui/error-notice';
import { RegenerateIcon } from '../ui/icons';
import { ImageIcon, PencilIcon, TrashIcon } from '../ui/icons-later';
import { BranchSwitcher } from './branch-switcher';
import { FileCard } from './file-card';
import { useMessageActions } from './message-actions-context';
import { MessageTreeActions } from './message-tree-actions';
import { StoredFileCard } from './stored-file-card';
import { selectPreview } from './thread/selectors';
import { useThreadSelector } from './thread/thread-context';
import type { LocalAttachment, PendingSend } from './thread/thread-types';

function AttachmentThumb({ name, src }: { name: string; src: string | undefined }) {
  return src ? (
    <img src={src} alt={name} title={name} className="h-24 w-24 rounded-lg border border-border object-cover" />
  ) : (
    <span
      className="inline-flex h-9 items-center gap-1.5 rounded-lg border border-border bg-background px-2 text-xs text-muted-foreground"
      title={name}
    >
      <ImageIcon size={14} />
      <span className="max-w-40 truncate">{name}</span>
    </span>
  );
}

/** The local preview while it is known, else the stored bytes; a click opens the full size. */
function StoredThumb({ attachment }: { attachment: Attachment }) {
  const preview = useThreadSelector(selectPreview(attachment.id));
  const url = attachment.sha256 ? blobUrl(attachment.sha256) : undefined;
  const thumb = <AttachmentThumb name={attachment.name} src={preview ?? url} />;
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" title={`${attachment.name} (open full size)`}>
      {thumb}
    </a>
  ) : (
    thumb
  );
}

function Attachments({ stored, local }: { stored?: Attachment[]; local?: LocalAttachment[] }) {
  const count = local ? local.length : (stored?.length ?? 0);
  if (count === 0) return null;
  return (
    <div className="mb-2 flex flex-wrap justify-end gap-2">
      {local
        ? local.map((a) =>
            (a.kind ?? 'image') === 'image' ? (
              <AttachmentThumb key={a.id} name={a.name} src={a.dataUrl} />
            ) : (
              <FileCard
                key={a.id}
                kind={a.kind ?? 'text'}
                name={a.name}
                size={a.size}
                tokens={a.tokens}
                pages={a.pages}
              />
            ),
          )
        : (stored ?? []).map((a) =>
            a.kind === 'image' ? (
              <StoredThumb key={a.id} attachment={a} />
            ) : (
              <StoredFileCard key={a.id} attachment={a} />
            ),
          )}
    </div>
  );
}

function Bubble({ children }: { children: React.ReactNode }) {
  return (
    <div className="max-w-[85%] rounded-2xl bg-user-bubble px-4 py-2.5 whitespace-pre-wrap break-words">{children}</div>
  );
}

function UserMessageImpl({ message }: { message: Message }) {
  const actions = useMessageActions();
  return (
    <article
      className="group/message flex flex-col items-end py-3"
      data-testid="message-user"
      data-status={message.status}
      data-message-id={message.id}
      aria-label="Your message"
    >
      <Attachments stored={message.attachments} />
      {message.content !== '' && <Bubble>{message.content}</Bubble>}
      <div className="mt-1 flex items-center gap-1 opacity-0 transition-opacity group-hover/message:opacity-100 group-focus-within/message:opacity-100">
        <BranchSwitcher siblingIds={message.siblingIds} currentId={message.id} onSelect={actions.selectBranch} />
        <CopyButton text={message.content} label="Copy message" />
        <button
          type="button"
          className="icon-button !h-7 !w-7"
          aria-label="Edit message"
          title="Edit (creates a new branch)"
          data-testid="edit-button"
          onClick={() => actions.editMessage(message)}
        >
          <PencilIcon size={15} />
        </button>
        <MessageTreeActions message={message} />
      </div>
    </article>
  );
}

export const UserMessage = memo(UserMessageImpl);

/** A message the server has not accepted yet: "Sending…", or failed with Retry and Discard. */
function PendingMessageImpl({ pending }: { pending: PendingSend }) {
  const actions = useMessageActions();
  const failed = pending.status === 'failed';
  return (
    <article
      className="flex flex-col items-end py-3"
      data-testid="message-user"
      data-status={failed ? 'failed' : 'sending'}
      aria-label={failed ? 'Your message, not sent' : 'Your message, sending'}
    >
      <Attachments local={pending.attachments} />
      {pending.content !== '' && (
        <div className={failed ? 'opacity-80' : undefined}>
          <Bubble>{pending.content}</Bubble>
        </div>
      )}
      {failed ? (
        <div
          className="mt-2 flex max-w-[85%] flex-wrap items-center justify-end gap-2 text-sm text-danger"
          data-testid="send-failed"
          role="alert"
        >
          <span>Not sent. {pending.error && <ErrorText error={pending.error} />}</span>
          <button type="button" className="btn" onClick={() => actions.retryPending(pending)} data-testid="retry-send">
            <RegenerateIcon size={14} /> Retry
          </button>
          <button type="button" className="btn" onClick={() => actions.editPending(pending)}>
            <PencilIcon size={14} /> Edit
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => actions.discardPending(pending)}
            aria-label="Discard message"
          >
            <TrashIcon size={14} /> Discard
          </button>
        </div>
      ) : (
        <span className="mt-1 text-xs text-muted-foreground">Sending…</span>
      )}
    </article>
  );
}

export const PendingMessage = memo(PendingMessageImpl);
