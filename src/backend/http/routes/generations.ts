import { Hono } from 'hono';
import { IdParamSchema as IdParam } from '../../schemas';
import type { HttpDeps } from '../deps';
import { sendEvents } from '../sse';
import { validate } from '../validation';

export function generationRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/', (c) => c.json({ generations: deps.service.listGenerations() }))
    .post('/:id/cancel', validate('param', IdParam), async (c) => {
      await deps.service.cancelGeneration(c.req.valid('param').id);
      return c.json({ ok: true });
    })
    .get('/:id/events', validate('param', IdParam), async (c) => {
      // JSON errors before the stream starts: 404 for an unknown id, 400 for a user message.
      const events = await deps.service.generationEvents(c.req.valid('param').id);
      return sendEvents(c, deps.logger, events);
    });
}
