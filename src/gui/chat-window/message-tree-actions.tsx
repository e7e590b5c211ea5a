/**
 * Fork, edit an answer, delete a message with its subtree (issue 11): the buttons of a message's
 * action row (shown on hover and on keyboard focus), the inline answer editor and the delete
 * confirmation. Everything goes through the thread's actions.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { Message } from '../../shared/api';
import type { SubtreeInfo } from '../../shared/conversation-api';
import { announce } from '../ui/announcer';
import { Dialog } from '../ui/dialog';
import { ForkIcon, PencilIcon, TrashIcon } from '../ui/icons-later';
import { navigate } from '../ui/router';
import { showToast } from '../ui/toast-store';
import { useCurrentThread } from './thread/thread-context';

export function MessageTreeActions({ message }: { message: Message }) {
  const thread = useCurrentThread();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [forking, setForking] = useState(false);
  const isAnswer = message.role === 'assistant';

  const fork = async () => {
    setForking(true);
    const chat = await thread.fork(message);
    setForking(false);
    if (!chat) return;
    announce('Forked into a new chat.');
    showToast('success', `Forked into “${chat.title}”.`);
    navigate(`/c/${encodeURIComponent(chat.id)}`);
  };

  return (
    <>
      <button
        type="button"
        className="icon-button !h-7 !w-7"
        aria-label="Fork to a new chat"
        title="Fork: a new chat with the conversation up to here"
        data-testid="fork-button"
        disabled={forking}
        onClick={() => void fork()}
      >
        <ForkIcon size={15} />
      </button>
      {isAnswer && (
        <button
          type="button"
          className="icon-button !h-7 !w-7"
          aria-label="Edit answer"
          title="Edit the answer (kept as a new version; the model's stays)"
          data-testid="edit-answer-button"
          aria-expanded={editing}
          onClick={() => setEditing(true)}
        >
          <PencilIcon size={15} />
        </button>
      )}
      <button
        type="button"
        className="icon-button !h-7 !w-7"
        aria-label={isAnswer ? 'Delete answer' : 'Delete message'}
        title="Delete this message and everything below it"
        data-testid="delete-message-button"
        onClick={() => setConfirming(true)}
      >
        <TrashIcon size={15} />
      </button>
      {editing && <AnswerEditor message={message} onDone={() => setEditing(false)} />}
      {confirming && <DeleteMessageDialog message={message} onClose={() => setConfirming(false)} />}
    </>
  );
}

function AnswerEditor({ message, onDone }: { message: Message; onDone: () => void }) {
  const thread = useCurrentThread();
  const [text, setText] = useState(message.content);
  const [saving, setSaving] = useState(false);
  const unchanged = text === message.content || text.trim() === '';

  const save = async () => {
    if (unchanged || saving) return;
    setSaving(true);
    const ok = await thread.editAnswer(message, text);
    setSaving(false);
    if (ok) {
      announce('Saved your version of the answer.');
      onDone();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onDone();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  return (
    <div className="mt-2 basis-full" data-testid="answer-editor">
      <label className="mb-1 block text-xs text-muted-foreground" htmlFor={`edit-${message.id}`}>
        Your version of the answer — saved next to the model's, which stays reachable with ‹ ›.
      </label>
      <textarea
        id={`edit-${message.id}`}
        className="block min-h-32 w-full resize-y rounded-lg border border-input bg-card px-3 py-2 text-foreground focus:border-accent focus:outline-none"
        value={text}
        // biome-ignore lint/a11y/noAutofocus: the editor opens on the user's request; typing goes there
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid="answer-editor-input"
      />
      <div className="mt-2 flex justify-end gap-2">
        <button type="button" className="btn" onClick={onDone}>
          Cancel <span className="kbd">Esc</span>
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={unchanged || saving}
          onClick={() => void save()}
          data-testid="answer-editor-save"
        >
          Save edit
        </button>
      </div>
    </div>
  );
}

function DeleteMessageDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const thread = useCurrentThread();
  const [info, setInfo] = useState<SubtreeInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    let live = true;
    void thread.subtreeInfo(message).then((found) => {
      if (!live) return;
      if (found) setInfo(found);
      else onCloseRef.current();
    });
    return () => {
      live = false;
    };
  }, [thread, message]);

  const confirm = async () => {
    setBusy(true);
    const ok = await thread.deleteMessage(message);
    setBusy(false);
    if (ok) announce(info && info.count > 1 ? `Deleted ${info.count} messages.` : 'Deleted the message.');
    onClose();
  };

  const what = message.role === 'assistant' ? 'this answer' : 'this message';
  return (
    <Dialog title="Delete messages?" onClose={onClose} testId="delete-message-dialog">
      {info === null ? (
        <p className="m-0 text-sm text-muted-foreground" role="status">
          Counting what goes…
        </p>
      ) : (
        <>
          <p className="m-0" data-testid="delete-message-count">
            {info.count === 1
              ? `Delete ${what}? This can't be undone.`
              : `Delete ${what} and everything below it — ${info.count} messages in all, on every branch under it? This can't be undone.`}
          </p>
          {info.generating && (
            <p className="m-0 mt-2 text-sm text-danger" role="alert">
              An answer in it is still being written. Stop it first, then delete.
            </p>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" className="btn" onClick={onClose} data-autofocus>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={busy || info.generating}
              onClick={() => void confirm()}
              data-testid="confirm-delete"
            >
              Delete {info.count === 1 ? 'message' : `${info.count} messages`}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** Next to the model's name on an answer the user wrote over. */
export function EditedMark() {
  return (
    <span
      className="rounded bg-muted px-1.5 py-px text-[11px] font-normal text-muted-foreground"
      title="You edited this answer; the model's own version is the previous one (‹ ›)"
      data-testid="edited-mark"
    >
      edited
    </span>
  );
}
