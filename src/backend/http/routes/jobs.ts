/** Model jobs (pulls, updates): list, cancel, and their SSE (snapshot, progress, then done | error | cancelled). */
import { Hono } from 'hono';
import type { JobList } from '../../../shared/models-api';
import { IdParamSchema as IdParam } from '../../schemas';
import type { HttpDeps } from '../deps';
import { sendEvents } from '../sse';
import { validate } from '../validation';

export function jobRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/', (c) => {
      const body: JobList = { jobs: deps.jobs.list() };
      return c.json(body);
    })
    .post('/:id/cancel', validate('param', IdParam), async (c) =>
      c.json(await deps.jobs.cancel(c.req.valid('param').id)),
    )
    .get('/:id/events', validate('param', IdParam), (c) => {
      const { id } = c.req.valid('param');
      deps.jobs.get(id); // a JSON 404 before the stream starts
      return sendEvents(c, deps.logger, (signal) => deps.jobs.events(id, signal));
    });
}
