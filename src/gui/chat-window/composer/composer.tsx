import {
  type ClipboardEvent,
  forwardRef,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { Message } from '../../../shared/api';
import { clientErrors, errorText } from '../../api';
import { CodeText } from '../../ui/code-text';
import { PaperclipIcon, SendIcon, StopIcon } from '../../ui/icons';
import { Deferred, lazyNamed } from '../../ui/lazy-named';
import { loadDraft, saveDraft } from '../draft-store';
import type { LocalAttachment } from '../thread/thread-types';
import { filesOf } from './files-of';

// Cards show once a file is attached: their chunk comes with the first one.
const FileCard = lazyNamed(
  () => import('../file-card'),
  (m) => m.FileCard,
);

export interface ComposerHandle {
  addFiles: (files: File[]) => void;
  focus: () => void;
  /** Puts text (and images) into the composer, e.g. a failed message or a suggestion. */
  fill: (text: string, attachments?: LocalAttachment[]) => void;
  /** Edit an earlier message: sending creates a new branch from its parent. */
  startEdit: (message: Message) => void;
}

export interface ComposerProps {
  /** Drafts are kept per chat (the chat id, or "new"). */
  draftKey: string;
  modelName: string | null;
  /** null while the model's capabilities are unknown (the server will check). */
  modelSeesImages: boolean | null;
  generating: boolean;
  onStop: () => void;
  /** Returns false when the message was not taken (the composer then keeps it). */
  onSubmit: (text: string, attachments: LocalAttachment[], editing: Message | null) => boolean;
  /** For ↑ in an empty composer. */
  lastUserMessage: Message | null;
  /** Why sending is impossible right now (no model, …), or null. */
  blockedReason: string | null;
  /** The context meter for what is typed now (issue 11). */
  meter?: (draft: { text: string; attachments: LocalAttachment[]; editing: Message | null }) => ReactNode;
  /** Shown under the text box, e.g. an image model's size, steps and seed. */
  options?: ReactNode;
}

const DRAFT_SAVE_MS = 250;

export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(props, ref) {
  const {
    draftKey,
    modelName,
    modelSeesImages,
    generating,
    onStop,
    onSubmit,
    lastUserMessage,
    blockedReason,
    meter,
    options,
  } = props;
  const [text, setText] = useState(() => loadDraft(draftKey));
  const [attachments, setAttachments] = useState<LocalAttachment[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [editing, setEditing] = useState<Message | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const composing = useRef(false);
  const loadedKey = useRef(draftKey);

  // Another chat: its own draft.
  useEffect(() => {
    if (loadedKey.current === draftKey) return;
    loadedKey.current = draftKey;
    setText(loadDraft(draftKey));
    setAttachments([]);
    setProblems([]);
    setEditing(null);
  }, [draftKey]);

  useEffect(() => {
    const key = draftKey;
    const timer = window.setTimeout(() => saveDraft(key, text), DRAFT_SAVE_MS);
    return () => window.clearTimeout(timer);
  }, [text, draftKey]);

  // Autosize up to ~40% of the window, then scroll inside (measured again whenever the text changes).
  useLayoutEffect(() => {
    const el = textareaRef.current;
    if (!el) return;
    el.style.height = 'auto';
    // Empty, the one row `rows={1}` gives is the right height: reading scrollHeight here would force the
    // page's first layout inside React's commit on every open of a chat (36 ms in a profile of a cold load).
    if (text === '') {
      el.style.overflowY = 'hidden';
      return;
    }
    const max = Math.round(window.innerHeight * 0.4);
    el.style.height = `${Math.min(el.scrollHeight, max)}px`;
    el.style.overflowY = el.scrollHeight > max ? 'auto' : 'hidden';
  }, [text]);

  const visionProblem =
    attachments.some((a) => (a.kind ?? 'image') === 'image') && modelSeesImages === false
      ? errorText(clientErrors.imageNeedsVision(modelName))
      : null;

  /** Files being read: a send asked for meanwhile waits for them (Enter right after a paste keeps the file). */
  const [reading, setReading] = useState(0);
  const [sendWhenRead, setSendWhenRead] = useState(false);
  const addFiles = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      setReading((n) => n + 1);
      try {
        // Reading, sniffing and checking files is its own chunk: most messages carry none.
        const { readFiles } = await import('./attachments');
        const { added, problems: found } = await readFiles(files, attachments);
        setAttachments((current) => [...current, ...added]);
        setProblems(found);
      } finally {
        setReading((n) => n - 1);
      }
    },
    [attachments],
  );

  useImperativeHandle(
    ref,
    () => ({
      addFiles: (files) => void addFiles(files),
      focus: () => textareaRef.current?.focus(),
      fill: (value, images) => {
        setText(value);
        if (images) setAttachments(images);
        setEditing(null);
        requestAnimationFrame(() => textareaRef.current?.focus());
      },
      startEdit: (message) => {
        setEditing(message);
        setText(message.content);
        setAttachments([]);
        requestAnimationFrame(() => {
          const el = textareaRef.current;
          if (!el) return;
          el.focus();
          el.setSelectionRange(el.value.length, el.value.length);
        });
      },
    }),
    [addFiles],
  );

  const empty = text.trim() === '' && attachments.length === 0;
  const canSend = !empty && blockedReason === null && visionProblem === null;

  const submit = () => {
    if (reading > 0) {
      setSendWhenRead(true);
      return;
    }
    setSendWhenRead(false);
    if (!canSend) return;
    if (onSubmit(text, attachments, editing)) {
      setText('');
      setAttachments([]);
      setProblems([]);
      setEditing(null);
      saveDraft(draftKey, '');
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the last file has been read
  useEffect(() => {
    if (reading === 0 && sendWhenRead) submit();
  }, [reading, sendWhenRead]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Never act on the Enter that confirms an IME composition (keyCode 229 covers Safari's late keydown).
    const imeActive = composing.current || event.nativeEvent.isComposing || event.keyCode === 229;
    if (event.key === 'Enter' && !event.shiftKey && !imeActive) {
      event.preventDefault();
      submit();
      return;
    }
    if (event.key === 'Escape' && editing) {
      event.preventDefault();
      event.stopPropagation();
      setEditing(null);
      setText('');
      return;
    }
    if (event.key === 'ArrowUp' && text === '' && attachments.length === 0 && lastUserMessage && !imeActive) {
      event.preventDefault();
      setEditing(lastUserMessage);
      setText(lastUserMessage.content);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = filesOf(event.clipboardData?.files);
    if (files.length > 0) {
      event.preventDefault();
      void addFiles(files);
    }
  };

  const placeholder = blockedReason ?? `Message ${modelName ?? 'the model'}…`;
  const notes = [...problems, ...(visionProblem ? [visionProblem] : [])];

  return (
    <div className="mx-auto w-full max-w-3xl px-4 pb-4">
      {meter?.({ text, attachments, editing })}
      {editing && (
        <div className="mb-2 flex items-center justify-between rounded-lg bg-accent-soft px-3 py-1.5 text-sm">
          <span>Editing your message — sending it starts a new branch; the old one is kept.</span>
          <button
            type="button"
            className="btn !py-0.5"
            onClick={() => {
              setEditing(null);
              setText('');
            }}
          >
            Cancel <span className="kbd">Esc</span>
          </button>
        </div>
      )}
      <div className="rounded-2xl border border-input bg-card shadow-sm focus-within:border-accent focus-within:ring-1 focus-within:ring-accent">
        {attachments.length > 0 && (
          <Deferred>
            <ul className="flex flex-wrap gap-2 px-3 pt-3" aria-label="Attached files">
              {attachments.map((a) => (
                <li key={a.id}>
                  <FileCard
                    kind={a.kind ?? 'image'}
                    name={a.name}
                    size={a.size}
                    tokens={a.tokens}
                    pages={a.pages}
                    thumbnail={(a.kind ?? 'image') === 'image' ? a.dataUrl : undefined}
                    onRemove={() => setAttachments((list) => list.filter((x) => x.id !== a.id))}
                  />
                </li>
              ))}
            </ul>
          </Deferred>
        )}
        <label htmlFor="composer-input" className="sr-only">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={textareaRef}
          data-testid="composer-input"
          className="block max-h-[40vh] w-full resize-none bg-transparent px-4 pt-3 pb-1 text-foreground placeholder:text-muted-foreground focus:outline-none"
          rows={1}
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={() => {
            composing.current = false;
          }}
          aria-describedby={notes.length > 0 ? 'composer-notes' : undefined}
        />
        {options}
        <div className="flex items-center gap-1 px-2 pb-2">
          <input
            ref={fileInputRef}
            type="file"
            multiple
            hidden
            data-testid="attach-input"
            onChange={(e) => {
              void addFiles(filesOf(e.target.files));
              e.target.value = '';
            }}
          />
          <button
            type="button"
            className="icon-button"
            aria-label="Attach files"
            title="Attach files: text, code, PDF, images (or paste, or drop them here)"
            data-testid="attach-button"
            onClick={() => fileInputRef.current?.click()}
          >
            <PaperclipIcon />
          </button>
          {/* Send stays on the right when the hint is hidden (phones). */}
          <span className="ml-auto sm:hidden" aria-hidden="true" />
          <span className="ml-auto hidden text-xs text-muted-foreground sm:inline">
            <span className="kbd">Enter</span> to send · <span className="kbd">Shift</span>+
            <span className="kbd">Enter</span> new line
          </span>
          {generating && (
            <button
              type="button"
              className="ml-2 inline-flex h-8 items-center gap-1.5 rounded-full border border-border bg-background px-3 text-sm font-medium hover:bg-muted"
              onClick={onStop}
              data-testid="stop-button"
              aria-label="Stop generating"
              title="Stop generating (Esc)"
            >
              <StopIcon size={14} /> Stop
            </button>
          )}
          <button
            type="button"
            className={`${generating ? 'ml-1' : 'ml-2'} inline-flex h-8 w-8 items-center justify-center rounded-full bg-primary text-primary-foreground disabled:cursor-not-allowed disabled:opacity-30`}
            onClick={submit}
            disabled={!canSend}
            data-testid="send-button"
            aria-label={generating ? 'Send (queued after the current answer)' : 'Send message'}
            title={generating ? 'Send — it will run after the current answer' : 'Send (Enter)'}
          >
            <SendIcon size={16} />
          </button>
        </div>
      </div>
      {notes.length > 0 && (
        <div
          id="composer-notes"
          className="mt-2 space-y-1 text-sm text-danger"
          role="alert"
          data-testid="composer-error"
        >
          {notes.map((note) => (
            <p key={note} className="m-0">
              <CodeText text={note} />
            </p>
          ))}
        </div>
      )}
    </div>
  );
});
