/** Model jobs (pulls, updates): list, cancel, and their SSE (snapshot, progress, then done | error | cancelled). */
import { Hono } from 'hono';
import { IdParamSchema as IdParam } from '../../schemas';
import type { HttpDeps } from '../deps';
import { sendEvents } from '../sse';
import { validate } from '../validation';

export function jobRoutes(deps: HttpDeps) {
  return (
    new Hono()
      .get('/', (c) => c.json(deps.service.listJobs()))
      .post('/:id/cancel', validate('param', IdParam), async (c) =>
        c.json(await deps.service.cancelJob(c.req.valid('param').id)),
      )
      // A JSON 404 for an unknown job before the stream starts.
      .get('/:id/events', validate('param', IdParam), (c) =>
        sendEvents(c, deps.logger, deps.service.jobEvents(c.req.valid('param').id)),
      )
  );
}
