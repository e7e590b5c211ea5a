import { errorText, useDeleteChat } from '../api';
import { LazyConfirmDialog } from '../ui/lazy-dialog';
import { Deferred } from '../ui/lazy-named';
import { showToast } from '../ui/toast-store';

/**
 * "Delete this chat?" for the chat header and a sidebar row: deletes on confirm, says why when the server
 * refused (its wording), and calls `onDeleted` once the chat is gone.
 */
export function DeleteChatDialog({
  chatId,
  title,
  onClose,
  onDeleted,
}: {
  chatId: string;
  title: string;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const remove = useDeleteChat();
  return (
    <Deferred>
      <LazyConfirmDialog
        title="Delete this chat?"
        body={<p className="m-0">“{title}” and all its messages will be deleted. This can't be undone.</p>}
        confirmLabel="Delete"
        danger
        onCancel={onClose}
        onConfirm={() => {
          // The promise, not mutate()'s callbacks: those are dropped when the caller unmounts, and
          // closing this dialog unmounts it (so the header's Delete left the reader on a deleted chat).
          remove
            .mutateAsync(chatId)
            .then(onDeleted, (e: unknown) => showToast('error', `Couldn't delete the chat. ${errorText(e)}`));
          onClose();
        }}
      />
    </Deferred>
  );
}
