/** Sends an async sequence of events as SSE with a keep-alive comment, ending the stream after it. */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from '../../utils/logger';
import { InternalError, isAppError } from '../errors';

export const SSE_PING_MS = 15_000;

export interface SseEvent {
  type: string;
  data: unknown;
}

export function sendEvents(
  c: Context,
  logger: Logger,
  produce: (signal: AbortSignal) => AsyncIterable<SseEvent>,
): Response {
  c.header('X-Accel-Buffering', 'no');
  c.header('Cache-Control', 'no-cache, no-transform');
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    stream.onAbort(() => abort.abort());
    const ping = setInterval(() => {
      void stream.write(': ping\n\n').catch(() => abort.abort());
    }, SSE_PING_MS);
    try {
      for await (const ev of produce(abort.signal)) {
        if (abort.signal.aborted) break;
        await stream.writeSSE({ event: ev.type, data: JSON.stringify(ev.data) });
      }
    } catch (err) {
      // A stream must end with a final frame, never silently (STYLE.md, Hono's habit).
      if (!isAppError(err)) logger.error({ err }, 'event stream failed');
      const payload = (isAppError(err) ? err : new InternalError('The event stream failed on the server.')).toJSON();
      await stream.writeSSE({ event: 'error', data: JSON.stringify(payload) }).catch(() => undefined);
    } finally {
      clearInterval(ping);
      abort.abort();
    }
  });
}
