import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatPages } from '../../src/gui/api/hooks';
import { applyChatTitle } from '../../src/gui/api/presets';
import { queryKeys } from '../../src/gui/api/query-keys';
import type { Chat } from '../../src/shared/api';
import { makeChat } from '../support/thread-fixtures';

const pages = (chat: Chat): ChatPages => ({ pages: [{ chats: [chat], nextCursor: null }], pageParams: [null] });
const titleIn = (client: QueryClient) => client.getQueryData<ChatPages>(queryKeys.chats(''))?.pages[0]?.chats[0]?.title;

let client: QueryClient;
afterEach(() => client.clear());

describe('a generated title arriving as an app event', () => {
  const untitled = makeChat({ id: 'c1', title: 'Tell me about tides', updatedAt: '2026-01-01T00:00:01.000Z' });
  const event = { chatId: 'c1', title: 'Ocean tides', updatedAt: '2026-01-01T00:00:02.000Z' };

  it('shows at once in the cached list, without a fetch', () => {
    client = new QueryClient();
    let fetches = 0;
    client.setQueryDefaults(queryKeys.allChats, {
      queryFn: async () => {
        fetches += 1;
        return pages(untitled);
      },
    });
    client.setQueryData(queryKeys.chats(''), pages(untitled));
    applyChatTitle(client, event);
    expect(titleIn(client)).toBe('Ocean tides');
    expect(fetches).toBe(0);
  });

  it('is not undone by a list fetch that was already on its way with the old title', async () => {
    client = new QueryClient();
    // The server's list: the old title until the title is written, the new one after.
    let serverTitle = untitled.title;
    const pending: (() => void)[] = [];
    const queryFn = () =>
      new Promise<ChatPages>((resolve) => {
        const answer = pages({ ...untitled, title: serverTitle });
        pending.push(() => resolve(answer));
      });
    const land = async () => {
      while (pending.length > 0) {
        pending.shift()?.();
        await new Promise((r) => setTimeout(r, 0));
      }
    };
    // The sidebar: an observer of the list.
    const sidebar = new QueryObserver(client, { queryKey: queryKeys.chats(''), queryFn });
    const unsubscribe = sidebar.subscribe(() => undefined);
    await land();
    expect(titleIn(client)).toBe('Tell me about tides');

    void sidebar.refetch(); // e.g. the poll while the chat was answering
    serverTitle = event.title;
    applyChatTitle(client, event);
    expect(titleIn(client)).toBe('Ocean tides');
    await land(); // the fetch that left before the title was written lands, then any that replaced it
    expect(titleIn(client)).toBe('Ocean tides');
    unsubscribe();
  });
});
