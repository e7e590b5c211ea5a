import type { ComponentProps, Ref } from 'react';
import { ErrorBoundary, ErrorPanel } from '../ui/error-boundary';
import { chunkLoader, useChunk } from '../ui/lazy-named';
import type { MessageListHandle } from './message-list';

type MessageListModule = typeof import('./message-list');

/**
 * Fetches the message list's chunk (the virtualizer and every message row) once. The welcome screen
 * needs none of it, so it stays out of the first load; the app fetches it when idle and when a chat opens.
 */
export const loadMessageList = chunkLoader(() => import('./message-list'));

type Props = ComponentProps<MessageListModule['MessageList']> & { ref?: Ref<MessageListHandle> };

/** Same box as the list itself (flex-1), so the composer below does not move when the chunk arrives. */
function Placeholder() {
  return (
    <div className="flex min-h-0 flex-1 items-center justify-center text-sm text-muted-foreground" role="status">
      Loading messages…
    </div>
  );
}

/** The list once its chunk is here, the placeholder until then (`useChunk`: no Suspense, nothing held back). */
function LoadedList(props: Props) {
  const chunk = useChunk(loadMessageList);
  return chunk ? <chunk.MessageList {...props} /> : <Placeholder />;
}

export function MessageList(props: Props) {
  return (
    // The list's own failure stays in the list's box: the composer below keeps the draft.
    <ErrorBoundary fallback={(error) => <ErrorPanel error={error} />}>
      <LoadedList {...props} />
    </ErrorBoundary>
  );
}

export type { MessageListHandle };
