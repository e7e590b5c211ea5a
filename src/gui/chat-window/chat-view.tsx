import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Chat, Message } from '../../shared/api';
import { isImageModel } from '../../shared/image-api';
import {
  errorText,
  flattenChats,
  patchChatInCaches,
  useChats,
  useDefaultPresetModel,
  useModels,
  useSettings,
  useUpdateChat,
} from '../api';
import { findModel, NoModels } from '../model-selector';
import { usePreloadOnOpen } from '../model-selector/use-preload';
import { CodeText } from '../ui/code-text';
import { Deferred, lazyNamed } from '../ui/lazy-named';
import { navigate, onLinkClick } from '../ui/router';
import { showToast } from '../ui/toast-store';
import { useUiStore } from '../ui/ui-store';
import { ChatHeader } from './chat-header';
import { Composer, type ComposerHandle } from './composer/composer';
import { useContextGuard } from './context-meter/use-context-guard';
import { clearDraft, NEW_CHAT_DRAFT } from './draft-store';
import { useFileDrop } from './drop-overlay';
import { imageSendOptions } from './images/image-options-store';
import { MessageList, type MessageListHandle } from './lazy-message-list';
import { type MessageActions, MessageActionsContext } from './message-actions-context';
import { startChat } from './start-chat';
import { selectChat, selectLastAnswerText, selectLoad, selectMessages, selectPending } from './thread/selectors';
import { ThreadProvider, useChatThread, useThreadRegistry, useThreadState } from './thread/thread-context';
import { isActive, type LoadState, type LocalAttachment, type PendingSend } from './thread/thread-types';
import { Welcome } from './welcome';

// Only a chat whose model is gone shows it (with the pull progress of the model-selector chunk).
// Only an image model's composer shows its options.
const ImageOptionsBar = lazyNamed(
  () => import('./images/image-options-bar'),
  (m) => m.ImageOptionsBar,
);
const MissingModelBar = lazyNamed(
  () => import('./missing-model'),
  (m) => m.MissingModelBar,
);

const NO_MESSAGES: readonly Message[] = [];
const NO_PENDING: readonly PendingSend[] = [];
const IDLE: LoadState = { kind: 'idle' };

export interface ChatViewProps {
  /** null: the home screen, a chat that will be created on the first send. */
  chatId: string | null;
  ollamaHost: string | null;
}

/** The newer of the chat as this thread loaded it and as the chat list knows it (renames, titles). */
function newestChat(fromThread: Chat | null, fromList: Chat | undefined): Chat | null {
  if (!fromList) return fromThread;
  if (!fromThread) return fromList;
  return fromList.updatedAt > fromThread.updatedAt ? fromList : fromThread;
}

export function ChatView({ chatId, ollamaHost }: ChatViewProps) {
  const queryClient = useQueryClient();
  const registry = useThreadRegistry();
  const thread = useChatThread(chatId);
  const models = useModels();
  const settings = useSettings();
  const chats = useChats();
  const updateChat = useUpdateChat();
  const threadChat = useThreadState(thread, selectChat, null);
  const messages = useThreadState(thread, selectMessages, NO_MESSAGES);
  const pending = useThreadState(thread, selectPending, NO_PENDING);
  const load = useThreadState(thread, selectLoad, IDLE);
  const composerRef = useRef<ComposerHandle>(null);
  const listRef = useRef<MessageListHandle>(null);
  const [homeModel, setHomeModel] = useState<string | null>(null);

  const chatList = flattenChats(chats.data);
  const chat = chatId
    ? newestChat(
        threadChat,
        chatList.find((c) => c.id === chatId),
      )
    : null;

  const modelList = models.data?.models;
  const presetModel = useDefaultPresetModel();
  const fallbackModel = presetModel ?? settings.data?.defaultModel ?? modelList?.find((m) => m.canChat)?.name ?? null;
  const model = chatId ? (chat?.model ?? fallbackModel) : (homeModel ?? fallbackModel);
  const modelInfo = findModel(modelList, model);
  // Waits for the model list, which says the model's backend (an image server's models are not preloaded).
  usePreloadOnOpen(chatId, chat && modelList ? model : null, settings.data?.preloadOnOpen === true, modelInfo?.backend);
  const modelSeesImages = modelInfo ? modelInfo.capabilities.includes('vision') : null;

  const activeIds = useMemo(() => messages.filter(isActive).map((m) => m.id), [messages]);
  const generating = activeIds.length > 0;
  const lastUserMessage = useMemo(() => [...messages].reverse().find((m) => m.role === 'user') ?? null, [messages]);

  const onModelChange = useCallback(
    (name: string) => {
      if (!chatId) {
        setHomeModel(name);
        return;
      }
      if (chat) {
        thread?.setChat({ ...chat, model: name });
        patchChatInCaches(queryClient, { ...chat, model: name });
      }
      updateChat.mutate(
        { id: chatId, body: { model: name } },
        {
          onSuccess: (updated) => thread?.setChat(updated),
          onError: (error) => showToast('error', errorText(error)),
        },
      );
    },
    [chatId, chat, thread, queryClient, updateChat],
  );

  const stop = useCallback((): boolean => {
    const id = activeIds[0];
    if (!thread || !id) return false;
    void thread.cancel(id);
    return true;
  }, [activeIds, thread]);

  const onSubmit = useCallback(
    (text: string, attachments: LocalAttachment[], editing: Message | null): boolean => {
      const content = text.trim();
      if (thread) {
        // An existing chat answers with its own model; only a model picked in this view overrides it. Until the chat
        // has loaded its model is unknown, and the server's copy is the right one.
        thread.send({
          content,
          attachments,
          parentId: editing ? editing.parentId : 'end',
          model: chat && model && chat.model !== model ? model : null,
          image: imageSendOptions(modelList, model ?? chat?.model),
        });
        requestAnimationFrame(() => listRef.current?.scrollToBottom());
        return true;
      }
      if (!model) return false;
      // First message: one request creates the chat and starts the answer; then show it.
      void (async () => {
        try {
          const id = await startChat(
            { model, content, attachments, image: imageSendOptions(modelList, model) },
            registry,
            queryClient,
          );
          clearDraft(NEW_CHAT_DRAFT);
          navigate(`/c/${encodeURIComponent(id)}`);
        } catch (error) {
          composerRef.current?.fill(text, attachments);
          showToast('error', errorText(error));
        }
      })();
      return true;
    },
    [thread, registry, chat, model, queryClient, modelList],
  );

  // An image model's prompt is not a conversation that fills a context window: no meter, no held sends.
  const makesImages = modelInfo ? isImageModel(modelInfo.capabilities) : false;
  const guard = useContextGuard({ thread, chat, model: modelInfo ?? null, composerRef, send: onSubmit });

  const actions = useMemo<MessageActions | null>(
    () =>
      chatId && thread
        ? {
            chatId,
            ollamaHost,
            regenerate: (message) => void thread.regenerate(message),
            continueAnswer: (message) => void thread.continueAnswer(message),
            cancel: (id) => void thread.cancel(id),
            selectBranch: (id) => thread.selectBranch(id),
            editMessage: (message) => composerRef.current?.startEdit(message),
            retryPending: (p) => thread.retrySend(p.tempId),
            discardPending: (p) => thread.discardSend(p.tempId),
            editPending: (p) => {
              thread.discardSend(p.tempId);
              composerRef.current?.fill(p.content, p.attachments);
            },
          }
        : null,
    [chatId, thread, ollamaHost],
  );

  useEffect(() => {
    document.title = chat?.title ? `${chat.title} — Ollama Chat` : 'Ollama Chat';
  }, [chat?.title]);

  // Global shortcuts reach the open chat through these.
  const copyLastAnswer = useCallback(() => {
    const text = thread ? selectLastAnswerText(thread.store.getState()) : null;
    if (text === null) return;
    void navigator.clipboard?.writeText(text).then(
      () => showToast('success', 'Copied the last answer.'),
      () => showToast('error', "Couldn't copy to the clipboard."),
    );
  }, [thread]);
  useEffect(() => {
    useUiStore.getState().setChatCommands({
      stop,
      copyLastAnswer,
      focusComposer: () => composerRef.current?.focus(),
    });
    return () => useUiStore.getState().setChatCommands(null);
  }, [stop, copyLastAnswer]);

  const { dragging, handlers } = useFileDrop(useCallback((files: File[]) => composerRef.current?.addFiles(files), []));

  const firstVisit = chats.isSuccess && chatList.length === 0;
  const noModels = models.isSuccess && (modelList?.length ?? 0) === 0;
  const notFound = load.kind === 'error' && load.notFound;
  const hasContent = messages.length > 0 || pending.length > 0;
  const blockedReason = noModels
    ? 'Install a model to start chatting'
    : model || thread
      ? null
      : models.isError
        ? 'Start Ollama, then pick a model'
        : models.isSuccess
          ? 'Pick a model to start'
          : 'Loading models…';

  const showHome = chatId === null || (load.kind === 'ready' && !hasContent);

  return (
    <div className="relative flex h-full min-w-0 flex-1 flex-col" {...handlers}>
      <ChatHeader chat={chat} model={model} onModelChange={onModelChange} />
      {chat?.model && models.isSuccess && !modelInfo && (
        <Deferred>
          <MissingModelBar model={chat.model} />
        </Deferred>
      )}

      {notFound ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center" role="alert">
          <p className="m-0">This chat doesn't exist — it may have been deleted.</p>
          <a href="/" className="btn" onClick={(e) => onLinkClick(e, { name: 'home' })}>
            Start a new chat
          </a>
        </div>
      ) : load.kind === 'error' && !hasContent ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center" role="alert">
          <p className="m-0">
            <CodeText text={errorText(load.error)} />
          </p>
          <button type="button" className="btn" onClick={() => void thread?.load()}>
            Retry
          </button>
        </div>
      ) : showHome ? (
        <div className="flex min-h-0 flex-1 flex-col items-center justify-center overflow-y-auto py-6">
          {noModels ? (
            <div className="w-full max-w-xl px-4">
              <NoModels />
            </div>
          ) : (
            <Welcome firstVisit={firstVisit} onPick={(text) => composerRef.current?.fill(text)} />
          )}
        </div>
      ) : chatId && thread && actions && (load.kind === 'ready' || hasContent) ? (
        // Keyed by chat: a chat's list (and its virtualizer's cache of row elements) goes with it.
        <ThreadProvider value={thread}>
          <MessageActionsContext.Provider value={actions}>
            <MessageList key={chatId} ref={listRef} chatId={chatId} messages={messages} pending={pending} />
          </MessageActionsContext.Provider>
        </ThreadProvider>
      ) : (
        <div className="flex flex-1 items-center justify-center text-sm text-muted-foreground" role="status">
          Loading messages…
        </div>
      )}

      {!notFound && (
        <Composer
          ref={composerRef}
          draftKey={chatId ?? NEW_CHAT_DRAFT}
          modelName={model}
          modelSeesImages={modelSeesImages}
          generating={generating}
          onStop={stop}
          onSubmit={makesImages ? onSubmit : guard.onSubmit}
          meter={makesImages ? undefined : guard.meter}
          options={
            makesImages ? (
              <Deferred>
                <ImageOptionsBar modelName={model} />
              </Deferred>
            ) : undefined
          }
          lastUserMessage={lastUserMessage}
          blockedReason={blockedReason}
        />
      )}

      {dragging && (
        <div
          className="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-2xl border-2 border-dashed border-accent bg-background/85 text-lg font-medium"
          data-testid="drop-overlay"
        >
          Drop files to attach
        </div>
      )}
    </div>
  );
}
