import { useVirtualizer } from '@tanstack/react-virtual';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Message } from '../../shared/api';
import { ArrowDownIcon } from '../app/icons';
import { AssistantMessage } from './assistant-message';
import { isActive } from './generation-subscriptions';
import type { PendingSend } from './pending-store';
import { useStreamStore } from './stream-store';
import { PendingMessage, UserMessage } from './user-message';

type Row =
  | { kind: 'message'; key: string; message: Message; queuedBehind: boolean }
  | { kind: 'pending'; key: string; pending: PendingSend };

/** Within this many px of the end counts as "at the bottom" (auto-scroll follows the stream). */
const BOTTOM_SLACK = 48;

export interface MessageListHandle {
  /** Scrolls to the end and resumes following the stream (after the user sends). */
  scrollToBottom: () => void;
}

export interface MessageListProps {
  chatId: string;
  messages: readonly Message[];
  pending: readonly PendingSend[];
}

export const MessageList = forwardRef<MessageListHandle, MessageListProps>(function MessageList(
  { chatId, messages, pending },
  ref,
) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const innerRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const [unseen, setUnseen] = useState(false);

  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    let activeSeen = false;
    for (const message of messages) {
      if (message.role === 'system') continue;
      const active = isActive(message);
      out.push({ kind: 'message', key: message.id, message, queuedBehind: active && activeSeen });
      if (active) activeSeen = true;
    }
    for (const p of pending) out.push({ kind: 'pending', key: p.tempId, pending: p });
    return out;
  }, [messages, pending]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 160,
    overscan: 4,
    getItemKey: (index) => rows[index]?.key ?? index,
  });

  const stickToBottom = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      scrollToBottom: () => {
        atBottom.current = true;
        setShowJump(false);
        setUnseen(false);
        stickToBottom();
        requestAnimationFrame(stickToBottom);
      },
    }),
    [stickToBottom],
  );

  // A different chat opens at its end.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on chat change only
  useLayoutEffect(() => {
    atBottom.current = true;
    setShowJump(false);
    setUnseen(false);
    stickToBottom();
  }, [chatId]);

  // Follow growth (streaming text, measured rows, new messages) only while the reader is at the bottom.
  useEffect(() => {
    const inner = innerRef.current;
    if (!inner || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) stickToBottom();
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, [stickToBottom]);

  // Only the reader scrolling away stops auto-scroll; layout shifts (rows measured, code highlighted,
  // math rendered) also move scrollTop, and must not.
  const userScrolling = useRef(false);
  const userScrollTimer = useRef<number | undefined>(undefined);
  const markUserScroll = useCallback(() => {
    userScrolling.current = true;
    window.clearTimeout(userScrollTimer.current);
    userScrollTimer.current = window.setTimeout(() => {
      userScrolling.current = false;
    }, 300);
  }, []);
  useEffect(() => () => window.clearTimeout(userScrollTimer.current), []);

  // "New text below" means answer text or new messages, not rows re-measured while scrolling.
  useEffect(
    () =>
      useStreamStore.subscribe(() => {
        if (!atBottom.current) setUnseen(true);
      }),
    [],
  );
  const rowCount = rows.length;
  const seenRows = useRef(rowCount);
  useEffect(() => {
    if (rowCount > seenRows.current && !atBottom.current) setUnseen(true);
    seenRows.current = rowCount;
  }, [rowCount]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    if (bottom) {
      atBottom.current = true;
      setShowJump(false);
      setUnseen(false);
    } else if (userScrolling.current) {
      atBottom.current = false;
      setShowJump(true);
    } else if (atBottom.current) {
      stickToBottom();
    } else {
      setShowJump(true);
    }
  }, [stickToBottom]);

  const items = virtualizer.getVirtualItems();
  const lastIndex = rows.length - 1;

  return (
    <div className="relative min-h-0 flex-1">
      <section
        ref={scrollRef}
        onScroll={onScroll}
        onWheel={markUserScroll}
        onTouchMove={markUserScroll}
        onPointerDown={(e) => {
          // A press on the scrollbar itself (the container, not a message) starts a drag-scroll.
          if (e.target === e.currentTarget) markUserScroll();
        }}
        onKeyDown={(e) => {
          if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].includes(e.key)) markUserScroll();
        }}
        className="h-full overflow-y-auto overscroll-contain [overflow-anchor:none]"
        data-testid="message-list"
        aria-label="Messages"
      >
        <div
          ref={innerRef}
          className="relative mx-auto w-full max-w-3xl px-4"
          style={{ height: virtualizer.getTotalSize() + 24 }}
        >
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 right-4 left-4"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'pending' ? (
                  <PendingMessage pending={row.pending} />
                ) : row.message.role === 'user' ? (
                  <UserMessage message={row.message} />
                ) : (
                  <AssistantMessage
                    message={row.message}
                    queuedBehind={row.queuedBehind}
                    isLast={item.index === lastIndex}
                  />
                )}
              </div>
            );
          })}
        </div>
      </section>
      {showJump && (
        <button
          type="button"
          className="absolute bottom-3 left-1/2 flex h-9 w-9 -translate-x-1/2 items-center justify-center rounded-full border border-border bg-background text-foreground shadow-md hover:bg-muted"
          aria-label={unseen ? 'Scroll to the latest message (new text below)' : 'Scroll to the latest message'}
          data-testid="scroll-to-bottom"
          onClick={() => {
            atBottom.current = true;
            setShowJump(false);
            setUnseen(false);
            stickToBottom();
          }}
        >
          <ArrowDownIcon size={16} />
          {unseen && <span className="absolute top-0 right-0 h-2.5 w-2.5 rounded-full bg-accent" aria-hidden="true" />}
        </button>
      )}
    </div>
  );
});
