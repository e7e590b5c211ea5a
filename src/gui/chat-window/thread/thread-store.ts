/**
 * One chat's runtime: its state (a zustand store driven only by `reduceThread`), its event streams,
 * its send queue, and the actions the GUI calls, as methods.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Chat, ErrorInfo, Message } from '../../../shared/api';
import type { SubtreeInfo } from '../../../shared/conversation-api';
import { ERROR_CODES } from '../../../shared/error-codes';
import type { ImageOptions } from '../../../shared/image-api';
import { MESSAGE_PAGE } from '../../../shared/limits';
import { type ApiClient, ApiError, type GenerationEventHandlers, toErrorInfo } from '../../api';
import { createFrameBatcher, type Scheduler, throttledFrameScheduler } from './frame-batcher';
import { activeAnswerIds, initialThreadState, reduceThreadEvents } from './thread-reducer';
import type { LocalAttachment, ThreadEvent, ThreadState } from './thread-types';

export interface SendInput {
  content: string;
  attachments: LocalAttachment[];
  /**
   * `'end'`: after the last message of the shown branch at delivery time (messages sent in a row chain up);
   * an id: after that message (editing creates a sibling); null: a new root.
   */
  parentId: string | null | 'end';
  model: string | null;
  image?: ImageOptions;
}

/** What a thread tells the rest of the app; the registry wires these to React Query, toasts and the announcer. */
export interface ThreadEffects {
  /** The chat list may have changed (a new message, a title, generating on/off). */
  chatsChanged: () => void;
  answerDone: (message: Message) => void;
  answerFailed: (chatId: string, error: ErrorInfo) => void;
  answerStopped: () => void;
  /** An action (regenerate, continue, cancel) the server refused. */
  actionFailed: (error: ErrorInfo) => void;
  /** An event stream dropped and the browser is retrying: worth a health check. */
  connectionTrouble: () => void;
}

export type GenerationSubscriber = (id: string, handlers: GenerationEventHandlers) => () => void;
export type ThreadApi = Pick<
  ApiClient,
  | 'getMessages'
  | 'sendMessage'
  | 'regenerate'
  | 'continueMessage'
  | 'cancelGeneration'
  | 'forkChat'
  | 'editAnswer'
  | 'messageSubtree'
  | 'deleteMessage'
>;

export interface ThreadDeps {
  api: ThreadApi;
  subscribe: GenerationSubscriber;
  effects: ThreadEffects;
  schedule?: Scheduler;
  now?: () => number;
}

export interface Thread {
  readonly chatId: string;
  readonly store: StoreApi<ThreadState>;
  /**
   * Fetches the asked-for branch (keeps what is shown until it arrives): its newest `MESSAGE_PAGE` messages, or as
   * many as are shown of it already.
   */
  load: () => Promise<void>;
  /**
   * Loads messages above the first shown one (`older`), at least `count` of them (at most `MESSAGE_PAGE.max` a
   * call). One at a time; after a failure (reported once until a load succeeds) calls wait `OLDER_RETRY_MS`. A call
   * that had to wait (a page or a load in flight, the wait after a failure) runs once that is over, so the list
   * never depends on the reader scrolling again.
   */
  loadOlder: (count: number) => Promise<void>;
  /** A chat created here: its state (empty, or its first exchange) is known without asking the server. */
  seed: (chat: Chat, messages?: Message[]) => void;
  setChat: (chat: Chat) => void;
  selectBranch: (leafId: string) => void;
  send: (input: SendInput) => void;
  retrySend: (tempId: string) => void;
  discardSend: (tempId: string) => void;
  regenerate: (message: Message) => Promise<void>;
  continueAnswer: (message: Message) => Promise<void>;
  cancel: (id: string) => Promise<void>;
  /** A new chat with the branch up to `message` (null when the server refused; the effects report why). */
  fork: (message: Message) => Promise<Chat | null>;
  /** Stores the user's version of an answer as its sibling and shows it; false when refused. */
  editAnswer: (message: Message, content: string) => Promise<boolean>;
  /** What deleting `message` would remove (for the confirmation), null when it could not be asked. */
  subtreeInfo: (message: Message) => Promise<SubtreeInfo | null>;
  /** Deletes the message and everything below it; false when refused. */
  deleteMessage: (message: Message) => Promise<boolean>;
  /** Nothing in flight: no running answer and no send the server has not taken yet. */
  isIdle: () => boolean;
  /** Closes every stream and ignores whatever arrives later. */
  dispose: () => void;
}

/**
 * How often stream events are applied (see `throttledFrameScheduler`): ten times a second while that is
 * cheap, less often (down to 2.5 a second) when applying them and the frame that renders them would take
 * more than 4.5 % of the main thread. That measured part is a little over half of what an update costs
 * in all: receiving the events, React's effects after the commit, the scroll that follows the end and its
 * frame come on top (a trace of a 200 tok/s stream in Chromium on 2 cores: 13 ms measured of about 25 ms
 * per update). So the whole stays near 10 % of the main thread however slow the machine, which a model
 * running on the same CPU feels. The floor stays at 100 ms so a stream reads as smooth on a machine that
 * can afford it.
 */
export const STREAM_FRAMES = { minIntervalMs: 100, maxIntervalMs: 400, budget: 0.045 } as const;

/** How long calls of `loadOlder` are ignored after a failed one: scrolling must not hammer a server that is down. */
const OLDER_RETRY_MS = 3000;

export function createThread(chatId: string, deps: ThreadDeps): Thread {
  const { api, effects } = deps;
  const now = deps.now ?? Date.now;
  const store = createStore<ThreadState>(() => initialThreadState(chatId));
  const streams = new Map<string, () => void>();
  /** Streams the server no longer knows: not reopened until a fresh load says they still run. */
  const lost = new Set<string>();
  let disposed = false;
  let tempCounter = 0;
  /** Sends of one chat go out one after another, so each can attach to the answer of the one before. */
  let chain: Promise<void> = Promise.resolve();

  const commit = (events: ThreadEvent[]) => {
    if (disposed || events.length === 0) return;
    const before = store.getState();
    const after = reduceThreadEvents(before, events);
    if (after !== before) store.setState(after, true);
    syncStreams();
  };
  const frames = createFrameBatcher<ThreadEvent>(commit, deps.schedule ?? throttledFrameScheduler(STREAM_FRAMES));
  /** Events other than stream frames apply at once, in one update with the frames queued before them. */
  const dispatch = (event: ThreadEvent) => commit([...frames.take(), event]);

  function closeStream(id: string) {
    streams.get(id)?.();
    streams.delete(id);
  }

  function watch(id: string) {
    if (streams.has(id) || disposed) return;
    const close = deps.subscribe(id, {
      onSnapshot: (data) => frames.push({ type: 'snapshot', id, data, at: now() }),
      onDelta: (data) => frames.push({ type: 'delta', id, data, at: now() }),
      onStatus: ({ status }) => frames.push({ type: 'status', id, status }),
      onProgress: (data) => frames.push({ type: 'progress', id, data }),
      onDone: ({ message, metrics }) => {
        closeStream(id);
        dispatch({
          type: 'final',
          id,
          status: message.status,
          message: { ...message, metrics: message.metrics ?? metrics },
          at: now(),
        });
        effects.chatsChanged();
        effects.answerDone(message);
      },
      onError: (error) => {
        closeStream(id);
        // A generation the server lost (it stopped mid-answer) reports `interrupted`: offer Continue.
        const status = error.code === ERROR_CODES.interrupted ? 'interrupted' : 'error';
        dispatch({ type: 'final', id, status, error, at: now() });
        effects.chatsChanged();
        effects.answerFailed(chatId, error);
      },
      onCancelled: () => {
        closeStream(id);
        dispatch({ type: 'final', id, status: 'cancelled', at: now() });
        effects.chatsChanged();
        effects.answerStopped();
      },
      onReconnecting: () => effects.connectionTrouble(),
      onUnavailable: () => {
        closeStream(id);
        lost.add(id);
        dispatch({ type: 'stream-lost', id });
        effects.chatsChanged();
        void load();
      },
    });
    streams.set(id, close);
  }

  /** One event stream per running answer the thread knows of, opened as soon as it is known. */
  function syncStreams() {
    for (const id of activeAnswerIds(store.getState())) if (!lost.has(id)) watch(id);
  }

  let loading = 0;
  let olderInFlight = false;
  let olderRetryAt = 0;
  let olderFailed = false;
  /** The largest call that had to wait; run when what held it is over. */
  let olderDeferred = 0;
  let olderTimer: ReturnType<typeof setTimeout> | null = null;

  function retryOlderLater() {
    if (olderTimer !== null || disposed || olderDeferred === 0) return;
    olderTimer = setTimeout(
      () => {
        olderTimer = null;
        runDeferredOlder();
      },
      Math.max(0, olderRetryAt - now()),
    );
  }

  function runDeferredOlder() {
    const count = olderDeferred;
    olderDeferred = 0;
    if (count > 0) void loadOlder(count);
  }

  async function load() {
    const { leaf } = store.getState();
    dispatch({ type: 'load-started', leaf });
    loading += 1;
    try {
      // The newest page; a reload keeps the pages above it the reader had loaded (the reducer's `loaded`).
      const response = await api.getMessages(chatId, { leaf, limit: MESSAGE_PAGE.default });
      lost.clear();
      dispatch({ type: 'loaded', leaf, response });
    } catch (error) {
      const notFound = error instanceof ApiError && error.status === 404;
      dispatch({ type: 'load-failed', leaf, error, notFound });
    } finally {
      loading -= 1;
      if (loading === 0) runDeferredOlder();
    }
  }

  async function loadOlder(wanted: number) {
    let count = wanted;
    const { leaf, older, messages } = store.getState();
    const before = messages[0]?.id;
    // A load in flight replaces the branch anyway; its `older` is the one to page from.
    if (!older || !before || disposed) return;
    if (olderInFlight || loading > 0 || now() < olderRetryAt) {
      olderDeferred = Math.max(olderDeferred, count);
      // Waiting out a failure: nothing else will run it.
      if (!olderInFlight && loading === 0) retryOlderLater();
      return;
    }
    // This call covers any that waited.
    count = Math.max(count, olderDeferred);
    olderDeferred = 0;
    if (olderTimer !== null) clearTimeout(olderTimer);
    olderTimer = null;
    olderInFlight = true;
    try {
      const limit = Math.min(MESSAGE_PAGE.max, older.count, Math.max(MESSAGE_PAGE.default, count));
      const response = await api.getMessages(chatId, { before, limit });
      olderFailed = false;
      dispatch({ type: 'older-loaded', leaf, before, response });
    } catch (error) {
      olderRetryAt = now() + OLDER_RETRY_MS;
      if (!olderFailed) effects.actionFailed(toErrorInfo(error));
      olderFailed = true;
      // Tried again after the wait, whether or not the reader scrolls.
      olderDeferred = Math.max(olderDeferred, count);
    } finally {
      olderInFlight = false;
    }
    if (olderFailed) retryOlderLater();
    else {
      // Calls made while this page loaded asked for the same rows; the list asks again if it still needs more.
      olderDeferred = 0;
    }
  }

  async function deliver(tempId: string) {
    const pending = store.getState().pending.find((p) => p.tempId === tempId);
    if (!pending || disposed) return;
    const parentId = pending.parentId === 'end' ? (store.getState().messages.at(-1)?.id ?? null) : pending.parentId;
    try {
      const response = await api.sendMessage(chatId, {
        content: pending.content,
        parentId,
        attachments:
          pending.attachments.length > 0
            ? pending.attachments.map((a) => ({ name: a.name, mime: a.mime, data: a.dataUrl }))
            : undefined,
        model: pending.model ?? undefined,
        ...(pending.image ? { image: pending.image } : {}),
      });
      dispatch({
        type: 'accepted',
        tempId,
        parentId,
        userMessage: response.userMessage,
        assistantMessage: response.assistantMessage,
      });
      effects.chatsChanged();
    } catch (error) {
      dispatch({ type: 'send-failed', tempId, error: toErrorInfo(error) });
    }
  }

  const enqueue = (tempId: string) => {
    chain = chain.then(() => deliver(tempId));
  };

  return {
    chatId,
    store,
    load,
    loadOlder,
    seed: (chat, messages = []) =>
      dispatch({ type: 'loaded', leaf: store.getState().leaf, response: { chat, messages } }),
    setChat: (chat) => dispatch({ type: 'chat-updated', chat }),
    selectBranch: (leafId) => {
      // The shown branch may predate newer siblings: always ask the server for the chosen one.
      dispatch({ type: 'branch-switched', leaf: leafId });
      void load();
    },
    send: (input) => {
      const tempId = `pending-${now()}-${tempCounter++}`;
      dispatch({ type: 'send', pending: { ...input, tempId, chatId, status: 'sending', error: null } });
      enqueue(tempId);
    },
    retrySend: (tempId) => {
      dispatch({ type: 'send-retried', tempId });
      enqueue(tempId);
    },
    discardSend: (tempId) => dispatch({ type: 'send-discarded', tempId }),
    regenerate: async (message) => {
      try {
        const { assistantMessage } = await api.regenerate(message.id);
        dispatch({ type: 'regenerated', parentId: message.parentId, assistantMessage });
        effects.chatsChanged();
      } catch (error) {
        effects.actionFailed(toErrorInfo(error));
      }
    },
    continueAnswer: async (message) => {
      try {
        const { assistantMessage } = await api.continueMessage(message.id);
        dispatch({ type: 'continued', assistantMessage });
        effects.chatsChanged();
      } catch (error) {
        effects.actionFailed(toErrorInfo(error));
      }
    },
    cancel: async (id) => {
      try {
        await api.cancelGeneration(id);
      } catch (error) {
        effects.actionFailed(toErrorInfo(error));
        void load();
      }
    },
    fork: async (message) => {
      try {
        const { chat } = await api.forkChat(chatId, message.id);
        effects.chatsChanged();
        return chat;
      } catch (error) {
        effects.actionFailed(toErrorInfo(error));
        return null;
      }
    },
    editAnswer: async (message, content) => {
      try {
        const response = await api.editAnswer(chatId, message.id, content);
        dispatch({ type: 'answer-edited', original: message, message: response.message });
        effects.chatsChanged();
        return true;
      } catch (error) {
        effects.actionFailed(toErrorInfo(error));
        return false;
      }
    },
    subtreeInfo: async (message) => {
      try {
        return await api.messageSubtree(chatId, message.id);
      } catch (error) {
        effects.actionFailed(toErrorInfo(error));
        return null;
      }
    },
    deleteMessage: async (message) => {
      try {
        const { currentLeafId } = await api.deleteMessage(chatId, message.id);
        dispatch({ type: 'subtree-deleted', messageId: message.id, currentLeafId });
        effects.chatsChanged();
        void load();
        return true;
      } catch (error) {
        effects.actionFailed(toErrorInfo(error));
        void load();
        return false;
      }
    },
    isIdle: () => {
      const state = store.getState();
      return state.pending.length === 0 && activeAnswerIds(state).length === 0;
    },
    dispose: () => {
      disposed = true;
      if (olderTimer !== null) clearTimeout(olderTimer);
      frames.clear();
      for (const close of streams.values()) close();
      streams.clear();
    },
  };
}
