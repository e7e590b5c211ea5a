import { create } from 'zustand';
import type { DeltaEvent, ErrorInfo, MessageStatus, SnapshotEvent } from '../../shared/api';

/** The live state of one generation (keyed by the assistant message id, which is also the generation id). */
export interface LiveStream {
  content: string;
  thinking: string;
  status: MessageStatus;
  error: ErrorInfo | null;
  /** Client clock (ms) when reasoning text was first seen, and when the answer proper started. */
  thinkingStartedAt: number | null;
  thinkingEndedAt: number | null;
}

export type StreamEvent =
  | { type: 'snapshot'; id: string; data: SnapshotEvent }
  | { type: 'delta'; id: string; data: DeltaEvent }
  | { type: 'status'; id: string; status: MessageStatus }
  | { type: 'final'; id: string; status: MessageStatus; error?: ErrorInfo | null };

interface StreamState {
  streams: Record<string, LiveStream>;
  /** Applies events in order, in one store update. */
  apply: (events: readonly StreamEvent[], now?: number) => void;
  remove: (id: string) => void;
}

const EMPTY: LiveStream = {
  content: '',
  thinking: '',
  status: 'queued',
  error: null,
  thinkingStartedAt: null,
  thinkingEndedAt: null,
};

/** How long each finished message thought, for "Thought for N s" after the live stream is gone. */
export const thinkingDurations = new Map<string, number>();

function markTiming(stream: LiveStream, now: number): LiveStream {
  let { thinkingStartedAt, thinkingEndedAt } = stream;
  if (thinkingStartedAt === null && stream.thinking.length > 0) thinkingStartedAt = now;
  if (thinkingStartedAt !== null && thinkingEndedAt === null && stream.content.length > 0) thinkingEndedAt = now;
  if (thinkingStartedAt === stream.thinkingStartedAt && thinkingEndedAt === stream.thinkingEndedAt) return stream;
  return { ...stream, thinkingStartedAt, thinkingEndedAt };
}

export function reduceStream(previous: LiveStream | undefined, event: StreamEvent, now: number): LiveStream {
  const base = previous ?? EMPTY;
  switch (event.type) {
    case 'snapshot':
      return markTiming(
        { ...base, content: event.data.content, thinking: event.data.thinking, status: event.data.status },
        now,
      );
    case 'delta': {
      const content = event.data.content ? base.content + event.data.content : base.content;
      const thinking = event.data.thinking ? base.thinking + event.data.thinking : base.thinking;
      const status = base.status === 'queued' ? 'streaming' : base.status;
      return markTiming({ ...base, content, thinking, status }, now);
    }
    case 'status':
      return { ...base, status: event.status };
    case 'final': {
      const ended = base.thinkingStartedAt !== null && base.thinkingEndedAt === null ? now : base.thinkingEndedAt;
      if (base.thinkingStartedAt !== null && ended !== null) {
        thinkingDurations.set(event.id, ended - base.thinkingStartedAt);
      }
      return { ...base, status: event.status, error: event.error ?? null, thinkingEndedAt: ended };
    }
  }
}

export const useStreamStore = create<StreamState>((set) => ({
  streams: {},
  apply: (events, now = Date.now()) => {
    if (events.length === 0) return;
    set((state) => {
      const streams = { ...state.streams };
      for (const event of events) streams[event.id] = reduceStream(streams[event.id], event, now);
      return { streams };
    });
  },
  remove: (id) =>
    set((state) => {
      if (!(id in state.streams)) return state;
      const { [id]: _removed, ...rest } = state.streams;
      return { streams: rest };
    }),
}));

/** Subscribes a component to one stream only, so the other messages do not re-render. */
export function useLiveStream(id: string): LiveStream | undefined {
  return useStreamStore((state) => state.streams[id]);
}

type Scheduler = (flush: () => void) => void;

const frameScheduler: Scheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(flush);
  } else {
    setTimeout(flush, 16);
  }
};

/**
 * Collects SSE events and applies them to the store at most once per animation frame, so a fast stream
 * costs one render per frame, not one per event. Final events flush at once so nothing is left behind.
 */
export function createStreamBatcher(schedule: Scheduler = frameScheduler) {
  let pending: StreamEvent[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const events = pending;
    pending = [];
    useStreamStore.getState().apply(events);
  };
  return {
    push(event: StreamEvent) {
      pending.push(event);
      if (event.type === 'final') {
        flush();
        return;
      }
      if (!scheduled) {
        scheduled = true;
        schedule(() => {
          if (scheduled) flush();
        });
      }
    },
    flush,
  };
}

export const streamBatcher = createStreamBatcher();
