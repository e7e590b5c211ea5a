import { type ComponentProps, lazy, type Ref, Suspense } from 'react';
import type { MessageListHandle } from './message-list';

type MessageListModule = typeof import('./message-list');

let loaded: MessageListModule | null = null;
let loading: Promise<MessageListModule> | null = null;

/**
 * Fetches the message list's chunk (the virtualizer and every message row) once. The welcome screen
 * needs none of it, so it stays out of the first load; the app fetches it when idle and when a chat opens.
 */
export function loadMessageList(): Promise<MessageListModule> {
  loading ??= import('./message-list').then((m) => {
    loaded = m;
    return m;
  });
  return loading;
}

const Lazy = lazy(async () => ({ default: (await loadMessageList()).MessageList }));

type Props = ComponentProps<MessageListModule['MessageList']> & { ref?: Ref<MessageListHandle> };

/** Same box as the list itself (flex-1), so the composer below does not move when the chunk arrives. */
function Placeholder() {
  return (
    <div className="flex min-h-0 flex-1 items-center justify-center text-sm text-muted-foreground" role="status">
      Loading messages…
    </div>
  );
}

/** The message list, rendered at once when its chunk is here (no Suspense fallback), lazily otherwise. */
export function MessageList(props: Props) {
  const List = loaded?.MessageList;
  if (List) return <List {...props} />;
  return (
    <Suspense fallback={<Placeholder />}>
      <Lazy {...props} />
    </Suspense>
  );
}

export type { MessageListHandle };
