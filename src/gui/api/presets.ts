/** The presets API (`/api/presets`, src/shared/presets-api.ts): a typed client and its React Query hooks. */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Chat } from '../../shared/api';
import type { ChatTitleEvent } from '../../shared/presets-api';
import {
  type CreatePresetBody,
  PRESETS_URL,
  type Preset,
  type PresetList,
  type UpdatePresetBody,
} from '../../shared/presets-api';
import { ApiError, apiErrorFromResponse } from './api-error';
import { clientErrors } from './error-messages';
import { type ChatPages, patchChatInCaches } from './hooks';
import { queryKeys } from './query-keys';

const PRESETS_KEY = ['presets'] as const;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(clientErrors.serverUnreachable(), 0);
  }
  if (!response.ok) throw await apiErrorFromResponse(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

export const presetsApi = {
  list: () => request<PresetList>('GET', PRESETS_URL),
  create: (body: CreatePresetBody) => request<Preset>('POST', PRESETS_URL, body),
  update: (id: string, body: UpdatePresetBody) => request<Preset>('PATCH', `${PRESETS_URL}/${enc(id)}`, body),
  remove: (id: string) => request<void>('DELETE', `${PRESETS_URL}/${enc(id)}`),
  duplicate: (id: string) => request<Preset>('POST', `${PRESETS_URL}/${enc(id)}/duplicate`),
  setDefault: (presetId: string | null) => request<PresetList>('PUT', `${PRESETS_URL}/default`, { presetId }),
  apply: (id: string, chatId: string) => request<Chat>('POST', `${PRESETS_URL}/${enc(id)}/apply`, { chatId }),
};

export function usePresets() {
  return useQuery({ queryKey: PRESETS_KEY, queryFn: presetsApi.list, staleTime: 60_000 });
}

/** The default preset's model, which a new chat starts with (null = none). */
export function useDefaultPresetModel(): string | null {
  const { data } = usePresets();
  return data?.presets.find((p) => p.id === data.defaultPresetId)?.model ?? null;
}

/** Any change to presets refetches the list (it is small). */
export function usePresetMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PRESETS_KEY }),
  });
}

export function useApplyPreset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ presetId, chatId }: { presetId: string; chatId: string }) => presetsApi.apply(presetId, chatId),
    onSuccess: (chat) => patchChatInCaches(queryClient, chat),
  });
}

/**
 * A generated title (app event) shown at once in every cached chat list. A fetch of one already
 * on its way was answered before the title was written and would put the old title back when it lands,
 * so it is replaced by a fresh one; with none in flight there is nothing to refetch.
 */
export function applyChatTitle(queryClient: QueryClient, event: ChatTitleEvent): void {
  const retitle = (chat: Chat): Chat =>
    chat.id === event.chatId && chat.updatedAt <= event.updatedAt
      ? { ...chat, title: event.title, updatedAt: event.updatedAt }
      : chat;
  queryClient.setQueriesData<ChatPages>({ queryKey: queryKeys.allChats }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, chats: page.chats.map(retitle) })) } : data,
  );
  if (queryClient.isFetching({ queryKey: queryKeys.allChats }) > 0) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
  }
}
