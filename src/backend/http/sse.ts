/**
 * Sends an async sequence of events as SSE with a keep-alive comment, ending the stream after it.
 * Every stream ends with exactly one final event (done | error | cancelled, DESIGN §4.4): when the
 * producer stops without one, or the server shuts down, `error {code: "interrupted"}` is sent.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from '../../utils/logger';
import { InternalError, interruptedError, isAppError } from '../errors';

export const SSE_PING_MS = 15_000;
const FINAL_EVENTS = new Set(['done', 'error', 'cancelled']);
const INTERRUPTED = interruptedError('The server is stopping; this stream ended early.');

export interface SseEvent {
  type: string;
  data: unknown;
}

interface LiveStream {
  /** Sends the final interrupted event if none was sent, and closes the stream. */
  end(): Promise<void>;
}

/** Live streams per listening server (several services may share one test process). */
const liveStreams = new WeakMap<object, Set<LiveStream>>();

/** Ends every SSE stream of `server` with a final event; called by shutdown before closing sockets. */
export async function endLiveStreams(server: object): Promise<void> {
  const streams = liveStreams.get(server);
  if (!streams) return;
  await Promise.allSettled([...streams].map((s) => s.end()));
}

export function sendEvents(
  c: Context,
  logger: Logger,
  produce: (signal: AbortSignal) => AsyncIterable<SseEvent>,
): Response {
  c.header('X-Accel-Buffering', 'no');
  c.header('Cache-Control', 'no-cache, no-transform');
  // net.Socket#server is set by Node for accepted connections but missing from its types.
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
  const server = (socket as { server?: object } | undefined)?.server;
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    let finalSent = false;
    let clientGone = false;
    const writeFinal = async (type: string, data: unknown) => {
      if (finalSent) return;
      finalSent = true;
      await stream.writeSSE({ event: type, data: JSON.stringify(data) }).catch(() => undefined);
    };
    let resolveEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      resolveEnded = resolve;
    });
    const live: LiveStream = {
      end: async () => {
        await writeFinal('error', INTERRUPTED);
        abort.abort();
        await stream.close().catch(() => undefined);
        resolveEnded();
      },
    };
    let registry: Set<LiveStream> | undefined;
    if (server) {
      registry = liveStreams.get(server) ?? new Set();
      liveStreams.set(server, registry);
      registry.add(live);
    }
    stream.onAbort(() => {
      clientGone = true;
      abort.abort();
      resolveEnded();
    });
    const ping = setInterval(() => {
      void stream.write(': ping\n\n').catch(() => abort.abort());
    }, SSE_PING_MS);
    const pump = async () => {
      try {
        for await (const ev of produce(abort.signal)) {
          if (abort.signal.aborted || finalSent) break;
          if (FINAL_EVENTS.has(ev.type)) await writeFinal(ev.type, ev.data);
          else await stream.writeSSE({ event: ev.type, data: JSON.stringify(ev.data) });
        }
        if (!clientGone) await writeFinal('error', INTERRUPTED);
      } catch (err) {
        // A stream must end with a final frame, never silently (STYLE.md, Hono's habit).
        if (!isAppError(err)) logger.error({ err }, 'event stream failed');
        const payload = (isAppError(err) ? err : new InternalError('The event stream failed on the server.')).toJSON();
        await writeFinal('error', payload);
      }
    };
    try {
      // A shutdown ends the stream even when the producer does not react to the abort.
      await Promise.race([pump(), ended]);
    } finally {
      clearInterval(ping);
      abort.abort();
      registry?.delete(live);
    }
  });
}
