/**
 * Sends an async sequence of events as SSE with a keep-alive comment, ending the stream after it.
 * Every stream ends with exactly one final event (done | error | cancelled, DESIGN §4.4): when the
 * producer stops without one, or the server shuts down, `error {code: "interrupted"}` is sent.
 */
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from '../../utils/logger';
import { InternalError, interruptedError, isAppError } from '../errors';
import { incomingOf, outgoingOf } from './node-env';

export const SSE_PING_MS = 15_000;
const FINAL_EVENTS = new Set(['done', 'error', 'cancelled']);
const INTERRUPTED = interruptedError('The server is stopping; this stream ended early.');
/**
 * The reason every stream's producer is told to stop with. `abort()` without one builds a new
 * DOMException, stack trace and all: a third of a millisecond at the end of every stream (issue 12).
 */
const STREAM_ENDED = new DOMException('The event stream ended.', 'AbortError');

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

/** Headers of every event stream (besides those the middleware adds, e.g. the security headers). */
const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};
/** @hono/node-server leaves a response with this header alone: the handler wrote it itself. */
const ALREADY_SENT = 'x-hono-already-sent';

/** How an event stream reaches the client: through Hono's SSE helper, or written to Node's response. */
interface EventSink {
  write(text: string): Promise<void>;
  /** The final event; Node's response ends with it in the same write. */
  writeLast(text: string): Promise<void>;
  close(): Promise<void>;
  onAbort(listener: () => void): void;
}

const frame = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

export function sendEvents(
  c: Context,
  logger: Logger,
  produce: (signal: AbortSignal) => AsyncIterable<SseEvent>,
): Response {
  // net.Socket#server is set by Node for accepted connections but missing from its types.
  const socket = incomingOf(c)?.socket;
  const server = (socket as { server?: object } | undefined)?.server;
  const outgoing = outgoingOf(c);
  if (outgoing) return sendToNodeResponse(outgoing, server, logger, produce);
  // Hono's streamSSE sets Content-Type and Cache-Control: no-cache itself, as SSE_HEADERS do.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, (stream) =>
    pumpEvents(
      {
        write: (text) => stream.write(text).then(() => undefined),
        writeLast: (text) => stream.write(text).then(() => undefined),
        close: () => stream.close(),
        onAbort: (listener) => stream.onAbort(listener),
      },
      server,
      logger,
      produce,
    ),
  );
}

/**
 * The event stream written straight to Node's response (issue 12): the head goes out with the first
 * event in one write instead of a write of its own, and each event skips the web-stream pipe. The
 * head is this response's headers merged by `writeHead` with those the middleware set on Node's
 * response before the handler ran (the security headers, security.ts); it never reads `c.res`, which
 * Hono assigns only after the handler's promise settles, and which is an empty stand-in before.
 */
function sendToNodeResponse(
  outgoing: ServerResponse,
  server: object | undefined,
  logger: Logger,
  produce: (signal: AbortSignal) => AsyncIterable<SseEvent>,
): Response {
  const response = new Response(null, { status: 200, headers: { ...SSE_HEADERS, [ALREADY_SENT]: 'true' } });
  let headWritten = false;
  const writeHead = () => {
    if (headWritten || outgoing.headersSent) return;
    headWritten = true;
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      if (key !== ALREADY_SENT) headers[key] = value;
    });
    outgoing.writeHead(200, headers);
  };
  const closed = new Promise<void>((resolve) => outgoing.once('close', resolve));
  const sink: EventSink = {
    write: async (text) => {
      if (outgoing.destroyed || outgoing.writableEnded) return;
      writeHead();
      // The socket corked around the write, the event leaves now: written alone, Node holds it until a
      // tick callback, after every promise callback already queued, e.g. the rest of a fast answer and
      // its storing (~1 ms of time to first token, issue 12). The socket, not the response: a corked
      // response (Node 21+) buffers the chunk itself, reports no backpressure and sends it in four writes.
      const socket = outgoing.socket;
      socket?.cork();
      const flowing = outgoing.write(text);
      socket?.uncork();
      if (!flowing) {
        await Promise.race([new Promise<void>((resolve) => outgoing.once('drain', resolve)), closed]);
      }
    },
    // One write for the last event and the end of the chunked body, instead of one each.
    writeLast: async (text) => {
      if (outgoing.destroyed || outgoing.writableEnded) return;
      writeHead();
      outgoing.end(text);
    },
    close: async () => {
      if (outgoing.writableEnded) return;
      writeHead();
      outgoing.end();
    },
    onAbort: (listener) => {
      // Gone before the stream started (the pump starts a tick after the handler returned).
      if (outgoing.destroyed) {
        queueMicrotask(listener);
        return;
      }
      outgoing.once('close', () => {
        if (!outgoing.writableFinished) listener();
      });
    },
  };
  // Started in a tick callback, not with setImmediate: that waited for the I/O already pending, e.g. a
  // fast model's answer being read, and the first event left ~1 ms later (issue 12, time to first token).
  process.nextTick(() => {
    void pumpEvents(sink, server, logger, produce).finally(() => sink.close());
    // A stream with nothing to send at once (the app's events) still answers with its head now.
    setImmediate(() => {
      if (headWritten || outgoing.destroyed) return;
      writeHead();
      outgoing.flushHeaders();
    });
  });
  return response;
}

async function pumpEvents(
  sink: EventSink,
  server: object | undefined,
  logger: Logger,
  produce: (signal: AbortSignal) => AsyncIterable<SseEvent>,
): Promise<void> {
  const abort = new AbortController();
  let finalSent = false;
  let clientGone = false;
  const writeFinal = async (type: string, data: unknown) => {
    if (finalSent) return;
    finalSent = true;
    await sink.writeLast(frame(type, data)).catch(() => undefined);
  };
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    resolveEnded = resolve;
  });
  const live: LiveStream = {
    end: async () => {
      await writeFinal('error', INTERRUPTED);
      abort.abort(STREAM_ENDED);
      await sink.close().catch(() => undefined);
      resolveEnded();
    },
  };
  let registry: Set<LiveStream> | undefined;
  if (server) {
    registry = liveStreams.get(server) ?? new Set();
    liveStreams.set(server, registry);
    registry.add(live);
  }
  sink.onAbort(() => {
    clientGone = true;
    abort.abort(STREAM_ENDED);
    resolveEnded();
  });
  const ping = setInterval(() => {
    void sink.write(': ping\n\n').catch(() => abort.abort(STREAM_ENDED));
  }, SSE_PING_MS);
  const pump = async () => {
    try {
      for await (const ev of produce(abort.signal)) {
        if (abort.signal.aborted || finalSent) break;
        if (FINAL_EVENTS.has(ev.type)) await writeFinal(ev.type, ev.data);
        else await sink.write(frame(ev.type, ev.data));
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
    abort.abort(STREAM_ENDED);
    registry?.delete(live);
  }
}
