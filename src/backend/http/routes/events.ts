/** `GET /api/events`: app-wide SSE for every open GUI (models changed, model updated, job status). */
import { Hono } from 'hono';
import type { HttpDeps } from '../deps';
import { sendEvents } from '../sse';

export function appEventRoutes(deps: HttpDeps) {
  return new Hono().get('/events', (c) => {
    // Subscribed before the response starts: nothing published after this request is lost.
    return sendEvents(c, deps.logger, deps.service.appEvents());
  });
}
