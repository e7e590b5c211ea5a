/**
 * The Node request and response behind a Hono context when the app runs under @hono/node-server;
 * both are absent for in-process `app.request()` (tests), where Hono's own web objects are used.
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

interface NodeEnv {
  incoming?: IncomingMessage;
  outgoing?: unknown;
}

export function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as NodeEnv | undefined)?.incoming;
}

export function outgoingOf(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as NodeEnv | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}
