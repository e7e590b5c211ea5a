import {
  type InfiniteData,
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Chat, ChatList, Settings, UpdateChatBody } from '../../shared/api';
import { api } from './http-client';
import { queryKeys } from './query-keys';

const CHAT_PAGE_SIZE = 100;
/** While a chat in the list is generating in the background, refresh the list this often. */
const GENERATING_POLL_MS = 3000;

export type ChatPages = InfiniteData<ChatList, unknown>;

export function flattenChats(data: ChatPages | undefined): Chat[] {
  if (!data) return [];
  const seen = new Set<string>();
  const chats: Chat[] = [];
  for (const page of data.pages) {
    for (const chat of page.chats) {
      if (seen.has(chat.id)) continue;
      seen.add(chat.id);
      chats.push(chat);
    }
  }
  return chats;
}

export function useChats(q = '') {
  return useInfiniteQuery({
    queryKey: queryKeys.chats(q),
    queryFn: ({ pageParam, signal }) =>
      api.listChats({ cursor: pageParam, limit: CHAT_PAGE_SIZE, q: q || undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: q ? keepPreviousData : undefined,
    refetchInterval: (query) =>
      flattenChats(query.state.data).some((chat) => chat.generating) ? GENERATING_POLL_MS : false,
  });
}

export function useModels() {
  return useQuery({
    queryKey: queryKeys.models,
    queryFn: ({ signal }) => api.listModels(signal),
    staleTime: 60_000,
    retry: false,
  });
}

export function useModelDetails(name: string | null) {
  return useQuery({
    queryKey: queryKeys.model(name ?? ''),
    queryFn: ({ signal }) => api.getModel(name as string, signal),
    enabled: name !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSettings() {
  return useQuery({
    queryKey: queryKeys.settings,
    queryFn: ({ signal }) => api.getSettings(signal),
    staleTime: 5 * 60_000,
  });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Settings) => api.updateSettings(body),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.settings, settings),
  });
}

/** Puts a freshly created chat at the top of the cached chat list so the sidebar shows it at once. */
export function addChatToList(queryClient: QueryClient, chat: Chat): void {
  queryClient.setQueryData<ChatPages>(queryKeys.chats(''), (data) => {
    if (!data) return data;
    const [first, ...rest] = data.pages;
    if (!first) return data;
    return { ...data, pages: [{ ...first, chats: [chat, ...first.chats.filter((c) => c.id !== chat.id)] }, ...rest] };
  });
}

/** Writes an updated chat into every cached chat list. */
export function patchChatInCaches(queryClient: QueryClient, chat: Chat): void {
  queryClient.setQueriesData<ChatPages>({ queryKey: queryKeys.allChats }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            chats: page.chats.map((c) => (c.id === chat.id ? chat : c)),
          })),
        }
      : data,
  );
}

export function useUpdateChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateChatBody }) => api.updateChat(id, body),
    onSuccess: (chat) => {
      patchChatInCaches(queryClient, chat);
      void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
    },
  });
}

export function useDeleteChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteChat(id),
    onSuccess: (_void, id) => {
      queryClient.setQueriesData<ChatPages>({ queryKey: queryKeys.allChats }, (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, chats: p.chats.filter((c) => c.id !== id) })) } : data,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
    },
  });
}

/** Imports one file; the chat list is refetched once it is in. */
export function useImportFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.importFile(file),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
    },
  });
}
