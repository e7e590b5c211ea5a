/**
 * Holds back a send that will not fit the model's context window until the user chooses: raise
 * num_ctx (the chat's PATCH), send anyway, or cancel. Also renders the meter for the composer.
 */
import { type ReactNode, type RefObject, useCallback, useMemo, useState } from 'react';
import type { Chat, Message, ModelSummary } from '../../../shared/api';
import { errorText, useUpdateChat } from '../../api';
import { showToast } from '../../ui/toast-store';
import type { ComposerHandle } from '../composer/composer';
import { selectMessages, selectOlder, selectPending } from '../thread/selectors';
import { useThreadState } from '../thread/thread-context';
import type { Thread } from '../thread/thread-store';
import type { LiveStream, LocalAttachment, PendingSend, ThreadState } from '../thread/thread-types';
import { ContextMeter } from './context-meter';
import { branchTurns, type Draft, type PlanSettings, predictWithDraft } from './predict';

type Submit = (text: string, attachments: LocalAttachment[], editing: Message | null) => boolean;

const NO_MESSAGES: readonly Message[] = [];
const NO_PENDING: readonly PendingSend[] = [];
const NO_LIVE: Readonly<Record<string, LiveStream>> = {};

/**
 * The meter follows a streaming answer in steps of this many characters (~256 tokens): it re-renders a few
 * times per answer instead of on every stream update, and is exact again once the answer has ended.
 */
const LIVE_STEP_CHARS = 1024;
/** Which answers stream, and how far each has got in steps (a string: equal values need no render). */
function selectLiveSteps(s: ThreadState): string {
  let key = '';
  for (const [id, stream] of Object.entries(s.live))
    key += `${id}:${Math.floor(stream.content.length / LIVE_STEP_CHARS)};`;
  return key;
}

function liveContent(live: Readonly<Record<string, LiveStream>>): Record<string, string> {
  return Object.fromEntries(Object.entries(live).map(([id, stream]) => [id, stream.content]));
}

/** The branch's turns ahead of the draft (`branchTurns`) from what the thread holds. */
function threadTurns(
  state: Pick<ThreadState, 'messages' | 'older' | 'pending' | 'live'>,
  editing: Message | null,
): ReturnType<typeof branchTurns> {
  const { messages, older, pending, live } = state;
  return branchTurns({ messages, older, pending, liveContent: liveContent(live), editing });
}

export interface ContextGuardInput {
  thread: Thread | null;
  chat: Chat | null;
  model: ModelSummary | null;
  composerRef: RefObject<ComposerHandle | null>;
  send: Submit;
}

export function useContextGuard({ thread, chat, model, composerRef, send }: ContextGuardInput) {
  const [held, setHeld] = useState(false);
  /** The chat whose user chose "send anyway": its next sends are not held again (the meter still warns). */
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  const chatKey = chat?.id ?? null;
  const updateChat = useUpdateChat();

  const settings = useMemo<PlanSettings>(
    () => ({ systemPrompt: chat?.systemPrompt ?? '', options: chat?.options ?? {}, model }),
    [chat, model],
  );

  /** Sends what the composer holds now, and empties it once taken. */
  const sendDraft = useCallback(
    (draft: Draft) => {
      setHeld(false);
      if (send(draft.text, [...draft.attachments], draft.editing)) composerRef.current?.fill('', []);
    },
    [send, composerRef],
  );

  const onSubmit = useCallback<Submit>(
    (text, attachments, editing) => {
      const state = thread?.store.getState() ?? {
        messages: NO_MESSAGES,
        older: null,
        pending: NO_PENDING,
        live: NO_LIVE,
      };
      const branch = threadTurns(state, editing);
      const prediction = predictWithDraft(branch, { text, attachments, editing }, settings);
      if (prediction.plan.dropped === 0 || (chatKey !== null && acknowledged === chatKey)) {
        setHeld(false);
        return send(text, attachments, editing);
      }
      setHeld(true);
      return false;
    },
    [settings, thread, send, chatKey, acknowledged],
  );

  const raise = useCallback(
    (draft: Draft) => (numCtx: number) => {
      if (!chat) return;
      updateChat.mutate(
        { id: chat.id, body: { options: { ...chat.options, num_ctx: numCtx } } },
        {
          onSuccess: (updated) => {
            thread?.setChat(updated);
            sendDraft(draft);
          },
          onError: (error) => showToast('error', errorText(error)),
        },
      );
    },
    [chat, thread, updateChat, sendDraft],
  );

  const meter = useCallback(
    (draft: Draft): ReactNode => (
      <MeterSlot
        thread={thread}
        settings={settings}
        draft={draft}
        held={held}
        onRaise={chat ? raise(draft) : null}
        onSendAnyway={() => {
          setAcknowledged(chatKey);
          sendDraft(draft);
        }}
        onCancel={() => {
          setHeld(false);
          composerRef.current?.focus();
        }}
      />
    ),
    [thread, settings, held, chat, chatKey, raise, sendDraft, composerRef],
  );

  return { onSubmit, meter };
}

function MeterSlot(props: {
  thread: Thread | null;
  settings: PlanSettings;
  draft: Draft;
  held: boolean;
  onRaise: ((numCtx: number) => void) | null;
  onSendAnyway: () => void;
  onCancel: () => void;
}) {
  const { thread, settings, draft } = props;
  const messages = useThreadState(thread, selectMessages, NO_MESSAGES);
  const older = useThreadState(thread, selectOlder, null);
  const pending = useThreadState(thread, selectPending, NO_PENDING);
  const liveSteps = useThreadState(thread, selectLiveSteps, '');
  // The branch changes with the thread; the draft with each keystroke, which then only adds its own turn.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `liveSteps` stands for the live text read in it
  const branch = useMemo(
    () => threadTurns({ messages, older, pending, live: thread?.store.getState().live ?? NO_LIVE }, draft.editing),
    [messages, older, pending, thread, liveSteps, draft.editing],
  );
  const prediction = useMemo(() => predictWithDraft(branch, draft, settings), [branch, draft, settings]);
  return (
    <ContextMeter
      prediction={prediction}
      held={props.held}
      onRaise={props.onRaise}
      onSendAnyway={props.onSendAnyway}
      onCancel={props.onCancel}
    />
  );
}
