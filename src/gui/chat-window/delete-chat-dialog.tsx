import { errorText, useDeleteChat } from '../api';
import { LazyConfirmDialog } from '../ui/lazy-dialog';
import { Deferred } from '../ui/lazy-named';
import { navigate, parseRoute } from '../ui/router';
import { showToast } from '../ui/toast-store';

/** Once a chat is deleted: the welcome screen if that chat is still the one shown (the reader may have moved on). */
function leaveDeletedChat(chatId: string): void {
  const route = parseRoute(window.location.pathname);
  if (route.name === 'chat' && route.chatId === chatId) navigate('/', { replace: true });
}

/**
 * "Delete this chat?" for the chat header and a sidebar row: deletes on confirm, says why when the server
 * refused (its wording), and leaves the chat if it is still open once it is gone.
 */
export function DeleteChatDialog({ chatId, title, onClose }: { chatId: string; title: string; onClose: () => void }) {
  const remove = useDeleteChat();
  return (
    <Deferred onError={onClose}>
      <LazyConfirmDialog
        title="Delete this chat?"
        body={<p className="m-0">“{title}” and all its messages will be deleted. This can't be undone.</p>}
        confirmLabel="Delete"
        danger
        onCancel={onClose}
        onConfirm={() => {
          // The promise, not mutate()'s callbacks: those are dropped when the caller unmounts, and
          // closing this dialog unmounts it (so the header's Delete left the reader on a deleted chat).
          remove.mutateAsync(chatId).then(
            () => leaveDeletedChat(chatId),
            (e: unknown) => showToast('error', `Couldn't delete the chat. ${errorText(e)}`),
          );
          onClose();
        }}
      />
    </Deferred>
  );
}
