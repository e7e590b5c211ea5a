/**
 * The one place a chat's state changes: a pure function of the previous state and an event.
 * No clock, no I/O, no stores: the thread stamps times on events and runs side effects itself.
 */
import type { Message } from '../../../shared/api';
import { olderAbove } from '../../../shared/context-plan';
import type { ImageProgress } from '../../../shared/image-api';
import { isActive, isActiveStatus, type LiveStream, type ThreadEvent, type ThreadState } from './thread-types';

export function initialThreadState(chatId: string): ThreadState {
  return {
    chatId,
    chat: null,
    leaf: null,
    load: { kind: 'idle' },
    messages: [],
    older: null,
    pending: [],
    live: {},
    thinkingMs: {},
    previews: {},
  };
}

const EMPTY_STREAM: LiveStream = {
  content: '',
  thinking: '',
  status: 'queued',
  thinkingStartedAt: null,
  thinkingEndedAt: null,
};

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

function markTiming(stream: LiveStream, at: number): LiveStream {
  let { thinkingStartedAt, thinkingEndedAt } = stream;
  if (thinkingStartedAt === null && stream.thinking.length > 0) thinkingStartedAt = at;
  if (thinkingStartedAt !== null && thinkingEndedAt === null && stream.content.length > 0) thinkingEndedAt = at;
  if (thinkingStartedAt === stream.thinkingStartedAt && thinkingEndedAt === stream.thinkingEndedAt) return stream;
  return { ...stream, thinkingStartedAt, thinkingEndedAt };
}

/** A frame for a message this thread knows has ended (a late or repeated frame): nothing to apply. */
function endedHere(state: ThreadState, id: string): boolean {
  if (id in state.live) return false;
  const message = state.messages.find((m) => m.id === id);
  return message !== undefined && !isActive(message);
}

function patchMessage(state: ThreadState, id: string, patch: (m: Message) => Message): readonly Message[] {
  if (!state.messages.some((m) => m.id === id)) return state.messages;
  return state.messages.map((m) => (m.id === id ? patch(m) : m));
}

/**
 * Shows `added` right after `parentId` (null: as new roots) on the shown branch. The first added
 * message learns about the sibling it replaces, so `‹ n/m ›` stays right without a refetch. A new
 * root (or a parent not shown) starts the branch anew: nothing of the old one is above it, unless the
 * parent is the one right above the first shown message (editing or regenerating that message of a long chat).
 */
function extendBranch(
  state: ThreadState,
  parentId: string | null,
  added: Message[],
): Pick<ThreadState, 'messages' | 'older'> {
  const { messages } = state;
  const cut = parentId === null ? 0 : messages.findIndex((m) => m.id === parentId) + 1;
  const replaced = messages[cut];
  const aboveKept = cut > 0 || (parentId !== null && messages[0]?.parentId === parentId);
  return {
    messages: [
      ...messages.slice(0, cut),
      ...added.map((m, i) =>
        i === 0 ? { ...m, siblingIds: [...new Set([...(replaced?.siblingIds ?? []), ...m.siblingIds, m.id])] } : m,
      ),
    ],
    older: aboveKept ? state.older : null,
  };
}

/** A fresh load is the truth for finished answers; live text stays only for answers still running. */
function mergeLoaded(state: ThreadState, messages: readonly Message[]): Pick<ThreadState, 'live' | 'thinkingMs'> {
  let live = state.live;
  let thinkingMs = state.thinkingMs;
  for (const message of messages) {
    const stream = live[message.id];
    if (!stream || isActive(message)) continue;
    thinkingMs = recordThinking(thinkingMs, message.id, stream, null);
    live = without(live, message.id);
  }
  return { live, thinkingMs };
}

function recordThinking(
  thinkingMs: Readonly<Record<string, number>>,
  id: string,
  stream: LiveStream,
  at: number | null,
): Readonly<Record<string, number>> {
  const ended = stream.thinkingEndedAt ?? at;
  if (stream.thinkingStartedAt === null || ended === null) return thinkingMs;
  return { ...thinkingMs, [id]: ended - stream.thinkingStartedAt };
}

/**
 * Whether `next` is later than `current` in the same generation: a later image, or more steps of the
 * same one. A repeated or overtaken frame is not, so the bar never goes back.
 */
function progressAdvances(current: ImageProgress | undefined, next: ImageProgress): boolean {
  if (!current || current.startedAt !== next.startedAt) return true;
  if (next.image !== current.image) return next.image > current.image;
  if (next.total !== current.total) return true;
  return (next.completed ?? -1) > (current.completed ?? -1);
}

export function reduceThread(state: ThreadState, event: ThreadEvent): ThreadState {
  switch (event.type) {
    case 'load-started':
      if (event.leaf !== state.leaf) return state;
      return { ...state, load: state.load.kind === 'ready' ? state.load : { kind: 'loading' } };

    case 'loaded': {
      // A response for a branch no longer asked for (the user switched again, or sent) is stale.
      if (event.leaf !== state.leaf) return state;
      const { response } = event;
      // A reload of a branch whose older pages were loaded meanwhile: the part above the response is the same path
      // (parents never change), so it stays rather than turning back into placeholders.
      const first = response.messages[0];
      const at = first && response.older ? state.messages.findIndex((m) => m.id === first.id) : -1;
      const messages = at > 0 ? [...state.messages.slice(0, at), ...response.messages] : response.messages;
      return {
        ...state,
        chat: response.chat,
        load: { kind: 'ready' },
        messages,
        older: at > 0 ? state.older : (response.older ?? null),
        ...mergeLoaded(state, messages),
      };
    }

    case 'older-loaded':
      // Only onto the branch it was asked for, and only right above what is shown (not twice).
      if (event.leaf !== state.leaf || state.older === null || state.messages[0]?.id !== event.before) return state;
      // The chat record stays the thread's: a page answered before a settings change may arrive after it.
      return {
        ...state,
        messages: [...event.response.messages, ...state.messages],
        older: olderAbove(state.older, event.response.messages),
      };

    case 'load-failed':
      if (event.leaf !== state.leaf) return state;
      return { ...state, load: { kind: 'error', error: event.error, notFound: event.notFound } };

    case 'branch-switched':
      // The old branch stays on screen until the new one arrives.
      return event.leaf === state.leaf ? state : { ...state, leaf: event.leaf };

    case 'chat-updated':
      return { ...state, chat: event.chat };

    case 'send':
      return { ...state, pending: [...state.pending, event.pending] };

    case 'send-failed':
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.tempId === event.tempId ? { ...p, status: 'failed' as const, error: event.error } : p,
        ),
      };

    case 'send-retried':
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.tempId === event.tempId ? { ...p, status: 'sending' as const, error: null } : p,
        ),
      };

    case 'send-discarded':
      return { ...state, pending: state.pending.filter((p) => p.tempId !== event.tempId) };

    case 'accepted': {
      const sent = state.pending.find((p) => p.tempId === event.tempId);
      // Already accepted (a repeated event): the pair is on screen.
      if (!sent && state.messages.some((m) => m.id === event.userMessage.id)) return state;
      const previews = { ...state.previews };
      event.userMessage.attachments.forEach((attachment, i) => {
        const local = sent?.attachments[i];
        if (local) previews[attachment.id] = local.dataUrl;
      });
      return {
        ...state,
        leaf: event.assistantMessage.id,
        ...extendBranch(state, event.parentId, [event.userMessage, event.assistantMessage]),
        pending: state.pending.filter((p) => p.tempId !== event.tempId),
        previews,
      };
    }

    case 'regenerated':
      if (state.messages.some((m) => m.id === event.assistantMessage.id)) return state;
      return {
        ...state,
        leaf: event.assistantMessage.id,
        ...extendBranch(state, event.parentId, [event.assistantMessage]),
      };

    case 'continued': {
      const { id } = event.assistantMessage;
      return {
        ...state,
        messages: patchMessage(state, id, (m) => ({ ...event.assistantMessage, siblingIds: m.siblingIds })),
        live: without(state.live, id),
        thinkingMs: without(state.thinkingMs, id),
      };
    }

    case 'snapshot': {
      if (endedHere(state, event.id)) return state;
      const { content, thinking, status, imageProgress } = event.data;
      const { imageProgress: _replaced, ...base } = state.live[event.id] ?? EMPTY_STREAM;
      // The snapshot is the server's state on (re)connect: its progress replaces whatever was shown.
      const next = markTiming(
        { ...base, content, thinking, status, ...(imageProgress ? { imageProgress } : {}) },
        event.at,
      );
      return { ...state, live: { ...state.live, [event.id]: next } };
    }

    case 'delta': {
      const base = state.live[event.id];
      // Deltas only extend a stream a snapshot started; anything else is a late frame of an ended one.
      if (!base) return state;
      const { content, thinking } = event.data;
      if (!content && !thinking) return state;
      const next = markTiming(
        {
          ...base,
          content: content ? base.content + content : base.content,
          thinking: thinking ? base.thinking + thinking : base.thinking,
          status: base.status === 'queued' ? 'streaming' : base.status,
        },
        event.at,
      );
      return { ...state, live: { ...state.live, [event.id]: next } };
    }

    case 'status': {
      const base = state.live[event.id];
      if (!base || base.status === event.status) return state;
      return { ...state, live: { ...state.live, [event.id]: { ...base, status: event.status } } };
    }

    case 'progress': {
      const base = state.live[event.id];
      // Like deltas: only for a stream a snapshot started, and never backwards.
      if (!base || !progressAdvances(base.imageProgress, event.data)) return state;
      const next: LiveStream = {
        ...base,
        imageProgress: event.data,
        status: base.status === 'queued' ? 'streaming' : base.status,
      };
      return { ...state, live: { ...state.live, [event.id]: next } };
    }

    case 'final': {
      if (endedHere(state, event.id)) return state;
      const stream = state.live[event.id];
      const thinkingMs = stream ? recordThinking(state.thinkingMs, event.id, stream, event.at) : state.thinkingMs;
      const final = event.message;
      const messages = patchMessage(state, event.id, (m) =>
        final
          ? { ...final, metrics: final.metrics ?? m.metrics }
          : {
              ...m,
              status: event.status,
              error: event.error ?? null,
              content: stream?.content ?? m.content,
              thinking: stream?.thinking ?? m.thinking,
            },
      );
      return { ...state, messages, live: without(state.live, event.id), thinkingMs };
    }

    case 'answer-edited':
      if (state.messages.some((m) => m.id === event.message.id)) return state;
      return {
        ...state,
        leaf: event.message.id,
        ...extendBranch(state, event.original.parentId, [event.message]),
      };

    case 'subtree-deleted': {
      const cut = state.messages.findIndex((m) => m.id === event.messageId);
      const kept = cut < 0 ? state.messages : state.messages.slice(0, cut);
      const gone = new Set(cut < 0 ? [] : state.messages.slice(cut).map((m) => m.id));
      let live = state.live;
      for (const id of gone) live = without(live, id);
      return {
        ...state,
        // The chat's new current leaf: its branch is the one to show next.
        leaf: event.currentLeafId,
        chat: state.chat ? { ...state.chat, currentLeafId: event.currentLeafId } : state.chat,
        messages: kept.map((m) =>
          m.siblingIds.includes(event.messageId)
            ? { ...m, siblingIds: m.siblingIds.filter((id) => id !== event.messageId) }
            : m,
        ),
        live,
      };
    }

    case 'stream-lost':
      return { ...state, live: without(state.live, event.id) };
  }
}

/** Applies events in order; returns the same state object when none of them changed anything. */
export function reduceThreadEvents(state: ThreadState, events: readonly ThreadEvent[]): ThreadState {
  return events.reduce(reduceThread, state);
}

/** Ids of the answers of this thread that are still queued or streaming, shown or known live. */
export function activeAnswerIds(state: ThreadState): string[] {
  const ids = new Set<string>();
  for (const m of state.messages) if (isActive(m)) ids.add(m.id);
  for (const [id, stream] of Object.entries(state.live)) if (isActiveStatus(stream.status)) ids.add(id);
  return [...ids];
}
