import type {
  AttachmentUpload,
  Chat,
  ChatList,
  GenerationInfo,
  Health,
  MessagesQuery,
  MessagesResponse,
  ModelDetails,
  ModelList,
  RegenerateResponse,
  SendMessageBody,
  SendMessageResponse,
  Settings,
  UpdateChatBody,
} from '../../shared/api';
import type { AttachmentInspection } from '../../shared/attachments-api';
import type {
  DeleteMessageResponse,
  EditAnswerResponse,
  ForkResponse,
  SubtreeInfo,
} from '../../shared/conversation-api';
import type {
  JobList,
  MetricsComparison,
  ModelMetrics,
  ModelPreferences,
  ModelUsage,
  ModelVersions,
  RunningModels,
  StartJobResponse,
  UpdateCheckResponse,
} from '../../shared/models-api';
import type { CreateChatResponse, CreateChatWithMessageBody } from '../../shared/new-chat-api';
import type { ImportReport } from '../../shared/portability-api';
import type { SearchResponse } from '../../shared/search-api';
import { ApiError, apiErrorFromResponse } from './api-error';
import { clientErrors } from './error-messages';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ListChatsParams {
  cursor?: string | null;
  limit?: number;
  q?: string;
}

/** A typed client for the backend's JSON API. `fetch` is injectable so tests can hand in a fake. */
export function createApiClient(fetchImpl: FetchLike = (input, init) => fetch(input, init), baseUrl = '') {
  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(baseUrl + path, {
        method,
        signal,
        headers:
          body === undefined
            ? { Accept: 'application/json' }
            : { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiError(clientErrors.serverUnreachable(), 0);
    }
    if (!response.ok) throw await apiErrorFromResponse(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(clientErrors.badResponse(), response.status);
    }
  }

  const enc = encodeURIComponent;

  return {
    health: (signal?: AbortSignal) => request<Health>('GET', '/api/health', undefined, signal),

    listChats: (params: ListChatsParams = {}, signal?: AbortSignal) => {
      const query = new URLSearchParams();
      if (params.cursor) query.set('cursor', params.cursor);
      if (params.limit) query.set('limit', String(params.limit));
      if (params.q) query.set('q', params.q);
      const qs = query.toString();
      return request<ChatList>('GET', `/api/chats${qs ? `?${qs}` : ''}`, undefined, signal);
    },
    search: (q: string, signal?: AbortSignal) =>
      request<SearchResponse>('GET', `/api/search?${new URLSearchParams({ q })}`, undefined, signal),
    createChat: (body: CreateChatWithMessageBody) => request<CreateChatResponse>('POST', '/api/chats', body),
    getChat: (id: string, signal?: AbortSignal) => request<Chat>('GET', `/api/chats/${enc(id)}`, undefined, signal),
    updateChat: (id: string, body: UpdateChatBody) => request<Chat>('PATCH', `/api/chats/${enc(id)}`, body),
    deleteChat: (id: string) => request<void>('DELETE', `/api/chats/${enc(id)}`),

    getMessages: (chatId: string, page: MessagesQuery = {}, signal?: AbortSignal) => {
      const query = new URLSearchParams();
      if (page.leaf) query.set('leaf', page.leaf);
      if (page.before) query.set('before', page.before);
      if (page.limit) query.set('limit', String(page.limit));
      const qs = query.toString();
      return request<MessagesResponse>(
        'GET',
        `/api/chats/${enc(chatId)}/messages${qs ? `?${qs}` : ''}`,
        undefined,
        signal,
      );
    },
    inspectAttachment: (body: AttachmentUpload) =>
      request<AttachmentInspection>('POST', '/api/attachments/inspect', body),
    sendMessage: (chatId: string, body: SendMessageBody) =>
      request<SendMessageResponse>('POST', `/api/chats/${enc(chatId)}/messages`, body),
    regenerate: (assistantMessageId: string) =>
      request<RegenerateResponse>('POST', `/api/messages/${enc(assistantMessageId)}/regenerate`, {}),
    continueMessage: (assistantMessageId: string) =>
      request<RegenerateResponse>('POST', `/api/messages/${enc(assistantMessageId)}/continue`, {}),

    // Fork, edit an answer, delete a subtree (src/shared/conversation-api.ts).
    forkChat: (chatId: string, messageId: string) =>
      request<ForkResponse>('POST', `/api/chats/${enc(chatId)}/fork`, { messageId }),
    editAnswer: (chatId: string, messageId: string, content: string) =>
      request<EditAnswerResponse>('POST', `/api/chats/${enc(chatId)}/messages/${enc(messageId)}/edit`, { content }),
    messageSubtree: (chatId: string, messageId: string) =>
      request<SubtreeInfo>('GET', `/api/chats/${enc(chatId)}/messages/${enc(messageId)}/subtree`),
    deleteMessage: (chatId: string, messageId: string) =>
      request<DeleteMessageResponse>('DELETE', `/api/chats/${enc(chatId)}/messages/${enc(messageId)}`),

    cancelGeneration: (generationId: string) =>
      request<unknown>('POST', `/api/generations/${enc(generationId)}/cancel`, {}),
    listGenerations: (signal?: AbortSignal) =>
      request<{ generations: GenerationInfo[] }>('GET', '/api/generations', undefined, signal),

    listModels: (signal?: AbortSignal, refresh = false) =>
      request<ModelList>('GET', `/api/models${refresh ? '?refresh=1' : ''}`, undefined, signal),
    getModel: (name: string, signal?: AbortSignal) =>
      request<ModelDetails>('GET', `/api/models/${enc(name)}`, undefined, signal),

    // Model management (src/shared/models-api.ts).
    startPull: (name: string) => request<StartJobResponse>('POST', '/api/models/pull', { name }),
    listJobs: (signal?: AbortSignal) => request<JobList>('GET', '/api/jobs', undefined, signal),
    cancelJob: (jobId: string) => request<unknown>('POST', `/api/jobs/${enc(jobId)}/cancel`, {}),
    deleteModel: (name: string) =>
      request<{ deleted: string; chatsUsingIt: { id: string; title: string }[] }>('DELETE', `/api/models/${enc(name)}`),
    modelUsage: (name: string, signal?: AbortSignal) =>
      request<ModelUsage>('GET', `/api/models/${enc(name)}/usage`, undefined, signal),
    runningModels: (signal?: AbortSignal) => request<RunningModels>('GET', '/api/models/running', undefined, signal),
    unloadModel: (name: string) => request<unknown>('POST', `/api/models/${enc(name)}/unload`, {}),
    loadModel: (name: string) => request<unknown>('POST', `/api/models/${enc(name)}/load`, {}),
    modelVersions: (name: string, signal?: AbortSignal) =>
      request<ModelVersions>('GET', `/api/models/${enc(name)}/versions`, undefined, signal),
    modelPreferences: (name: string, signal?: AbortSignal) =>
      request<ModelPreferences>('GET', `/api/models/${enc(name)}/preferences`, undefined, signal),
    updateModelPreferences: (name: string, body: Partial<Pick<ModelPreferences, 'autoUpdate' | 'keepAlive'>>) =>
      request<ModelPreferences>('PUT', `/api/models/${enc(name)}/preferences`, body),
    checkUpdates: (models?: string[]) =>
      request<UpdateCheckResponse>('POST', '/api/models/updates/check', models ? { models } : {}),
    modelMetrics: (name: string, limit = 500, signal?: AbortSignal) =>
      request<ModelMetrics>('GET', `/api/models/${enc(name)}/metrics?limit=${limit}`, undefined, signal),
    metricsComparison: (signal?: AbortSignal) =>
      request<MetricsComparison>('GET', '/api/metrics/models', undefined, signal),

    /** The file goes as the raw body (streamed to disk by the server, up to IMPORT_MAX_BYTES). */
    importFile: async (file: File): Promise<ImportReport> => {
      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}/api/import?name=${enc(file.name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
          body: file,
        });
      } catch {
        throw new ApiError(clientErrors.serverUnreachable(), 0);
      }
      if (!response.ok) throw await apiErrorFromResponse(response);
      return (await response.json()) as ImportReport;
    },

    getSettings: (signal?: AbortSignal) => request<Settings>('GET', '/api/settings', undefined, signal),
    updateSettings: (body: Settings) => request<Settings>('PUT', '/api/settings', body),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api: ApiClient = createApiClient();
