import { type ComponentProps, type Ref, Suspense } from 'react';
import { ErrorBoundary, ErrorPanel } from '../ui/error-boundary';
import { chunkLoader, lazyNamed } from '../ui/lazy-named';
import type { MessageListHandle } from './message-list';

type MessageListModule = typeof import('./message-list');

/**
 * Fetches the message list's chunk (the virtualizer and every message row) once. The welcome screen
 * needs none of it, so it stays out of the first load; the app fetches it when idle and when a chat opens.
 */
export const loadMessageList = chunkLoader(() => import('./message-list'));

const Lazy = lazyNamed(loadMessageList, (m) => m.MessageList);

type Props = ComponentProps<MessageListModule['MessageList']> & { ref?: Ref<MessageListHandle> };

/** Same box as the list itself (flex-1), so the composer below does not move when the chunk arrives. */
function Placeholder() {
  return (
    <div className="flex min-h-0 flex-1 items-center justify-center text-sm text-muted-foreground" role="status">
      Loading messages…
    </div>
  );
}

/**
 * The message list behind one Suspense boundary. Always the same element tree: switching to the loaded
 * component directly would remount the list (and its mount-time jump to the end) on the next render.
 * Once the chunk is here `lazy` renders without suspending.
 */
export function MessageList(props: Props) {
  return (
    // The list's own failure stays in the list's box: the composer below keeps the draft.
    <ErrorBoundary fallback={(error) => <ErrorPanel error={error} />}>
      <Suspense fallback={<Placeholder />}>
        <Lazy {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}

export type { MessageListHandle };
