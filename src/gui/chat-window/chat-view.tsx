import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Chat, Message } from '../../shared/api';
import {
  ApiError,
  api,
  describeUnknownError,
  flattenChats,
  patchChatInCaches,
  queryKeys,
  useChats,
  useMessages,
  useModels,
  useSettings,
  useUpdateChat,
} from '../api';
import { CodeText } from '../app/code-text';
import { navigate, onLinkClick } from '../app/router';
import { showToast } from '../app/toast-store';
import { useUiStore } from '../app/ui-store';
import { Welcome } from '../app/welcome';
import { findModel, NoModels } from '../model-selector';
import { usePreloadOnOpen } from '../model-selector/use-preload';
import { useBranchStore, useLeafOverride } from './branch-store';
import {
  addChatToList,
  cancelGeneration,
  continueAnswer,
  discardSend,
  regenerate,
  retrySend,
  sendMessage,
} from './chat-actions';
import { ChatHeader } from './chat-header';
import { Composer, type ComposerHandle } from './composer/composer';
import { clearDraft, NEW_CHAT_DRAFT } from './draft-store';
import { useFileDrop } from './drop-overlay';
import { isActive, useGenerationSubscriptions } from './generation-subscriptions';
import { type MessageActions, MessageActionsContext } from './message-actions-context';
import { MessageList, type MessageListHandle } from './message-list';
import { type LocalAttachment, usePendingSends } from './pending-store';
import { useStreamStore } from './stream-store';

const EMPTY: Message[] = [];

export interface ChatViewProps {
  /** null: the home screen, a chat that will be created on the first send. */
  chatId: string | null;
  ollamaHost: string | null;
}

export function ChatView({ chatId, ollamaHost }: ChatViewProps) {
  const queryClient = useQueryClient();
  const leaf = useLeafOverride(chatId);
  const messagesQuery = useMessages(chatId, leaf);
  const models = useModels();
  const settings = useSettings();
  const chats = useChats();
  const updateChat = useUpdateChat();
  const pending = usePendingSends(chatId);
  const composerRef = useRef<ComposerHandle>(null);
  const listRef = useRef<MessageListHandle>(null);
  const [homeModel, setHomeModel] = useState<string | null>(null);

  const chat: Chat | null = messagesQuery.data?.chat ?? null;
  const messages = chatId ? (messagesQuery.data?.messages ?? EMPTY) : EMPTY;
  useGenerationSubscriptions(chatId, messagesQuery.data?.messages);

  const modelList = models.data?.models;
  const fallbackModel = settings.data?.defaultModel ?? modelList?.find((m) => m.canChat)?.name ?? null;
  const model = chatId ? (chat?.model ?? fallbackModel) : (homeModel ?? fallbackModel);
  const modelInfo = findModel(modelList, model);
  usePreloadOnOpen(chatId, chat ? model : null, settings.data?.preloadOnOpen === true);
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
      if (chat) patchChatInCaches(queryClient, { ...chat, model: name });
      updateChat.mutate(
        { id: chatId, body: { model: name } },
        { onError: (error) => showToast('error', describeUnknownError(error, { model: name }).text) },
      );
    },
    [chatId, chat, queryClient, updateChat],
  );

  const stop = useCallback((): boolean => {
    const id = activeIds[0];
    if (!chatId || !id) return false;
    void cancelGeneration(queryClient, chatId, id);
    return true;
  }, [activeIds, chatId, queryClient]);

  const onSubmit = useCallback(
    (text: string, attachments: LocalAttachment[], editing: Message | null): boolean => {
      if (!model) return false;
      const content = text.trim();
      if (chatId) {
        sendMessage(queryClient, {
          chatId,
          content,
          attachments,
          parentId: editing ? editing.parentId : 'end',
          model: chat?.model === model ? null : model,
        });
        requestAnimationFrame(() => listRef.current?.scrollToBottom());
        return true;
      }
      // First message: create the chat, then show it with the message already on its way.
      void (async () => {
        try {
          const created = await api.createChat({ model });
          queryClient.setQueryData(queryKeys.messages(created.id, null), { chat: created, messages: [] });
          addChatToList(queryClient, created);
          clearDraft(NEW_CHAT_DRAFT);
          sendMessage(queryClient, { chatId: created.id, content, attachments, parentId: null, model: null });
          navigate(`/c/${encodeURIComponent(created.id)}`);
        } catch (error) {
          composerRef.current?.fill(text, attachments);
          showToast('error', describeUnknownError(error, { host: ollamaHost, model }).text);
        }
      })();
      return true;
    },
    [chatId, chat?.model, model, queryClient, ollamaHost],
  );

  const actions = useMemo<MessageActions | null>(
    () =>
      chatId
        ? {
            chatId,
            ollamaHost,
            regenerate: (message) => void regenerate(queryClient, chatId, message),
            continueAnswer: (message) => void continueAnswer(queryClient, chatId, message),
            cancel: (id) => void cancelGeneration(queryClient, chatId, id),
            selectBranch: (id) => {
              // Cached branches may predate newer siblings: always ask the server for the chosen one.
              queryClient.removeQueries({ queryKey: queryKeys.messages(chatId, id), exact: true });
              useBranchStore.getState().setLeaf(chatId, id);
            },
            editMessage: (message) => composerRef.current?.startEdit(message),
            retryPending: (p) => retrySend(queryClient, p),
            discardPending: (p) => discardSend(p),
            editPending: (p) => {
              discardSend(p);
              composerRef.current?.fill(p.content, p.attachments);
            },
          }
        : null,
    [chatId, ollamaHost, queryClient],
  );

  useEffect(() => {
    document.title = chat?.title ? `${chat.title} — Ollama Chat` : 'Ollama Chat';
  }, [chat?.title]);

  // Global shortcuts reach the open chat through these.
  const copyLastAnswer = useCallback(() => {
    const last = [...messages].reverse().find((m) => m.role === 'assistant');
    if (!last) return;
    const text = useStreamStore.getState().streams[last.id]?.content ?? last.content;
    void navigator.clipboard?.writeText(text).then(
      () => showToast('success', 'Copied the last answer.'),
      () => showToast('error', "Couldn't copy to the clipboard."),
    );
  }, [messages]);
  useEffect(() => {
    useUiStore.getState().setChatCommands({
      stop,
      copyLastAnswer,
      focusComposer: () => composerRef.current?.focus(),
    });
    return () => useUiStore.getState().setChatCommands(null);
  }, [stop, copyLastAnswer]);

  const { dragging, handlers } = useFileDrop(useCallback((files: File[]) => composerRef.current?.addFiles(files), []));

  const chatList = flattenChats(chats.data);
  const firstVisit = chats.isSuccess && chatList.length === 0;
  const noModels = models.isSuccess && (modelList?.length ?? 0) === 0;
  const notFound = messagesQuery.error instanceof ApiError && messagesQuery.error.status === 404;
  const blockedReason = noModels
    ? 'Install a model to start chatting'
    : model
      ? null
      : models.isError
        ? 'Start Ollama, then pick a model'
        : models.isSuccess
          ? 'Pick a model to start'
          : null;

  const showHome = chatId === null || (messagesQuery.isSuccess && messages.length === 0 && pending.length === 0);

  return (
    <div className="relative flex h-full min-w-0 flex-1 flex-col" {...handlers}>
      <ChatHeader chat={chat} model={model} onModelChange={onModelChange} ollamaHost={ollamaHost} />

      {notFound ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center" role="alert">
          <p className="m-0">This chat doesn't exist — it may have been deleted.</p>
          <a href="/" className="btn" onClick={(e) => onLinkClick(e, { name: 'home' })}>
            Start a new chat
          </a>
        </div>
      ) : messagesQuery.isError && !messagesQuery.data ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center" role="alert">
          <p className="m-0">
            <CodeText text={describeUnknownError(messagesQuery.error).text} />
          </p>
          <button type="button" className="btn" onClick={() => void messagesQuery.refetch()}>
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
      ) : chatId && actions && messagesQuery.data ? (
        <MessageActionsContext.Provider value={actions}>
          <MessageList ref={listRef} chatId={chatId} messages={messages} pending={pending} />
        </MessageActionsContext.Provider>
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
          onSubmit={onSubmit}
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
