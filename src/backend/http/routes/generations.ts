import { Hono } from 'hono';
import { ValidationError } from '../../errors';
import { IdParamSchema as IdParam } from '../../schemas';
import type { HttpDeps } from '../deps';
import { sendEvents } from '../sse';
import { validate } from '../validation';

export function generationRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/', (c) => c.json({ generations: deps.chats.listGenerations() }))
    .post('/:id/cancel', validate('param', IdParam), async (c) => {
      await deps.chats.cancel(c.req.valid('param').id);
      return c.json({ ok: true });
    })
    .get('/:id/events', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      // JSON errors before the stream starts: 404 for an unknown id, 400 for a user message.
      const message = await deps.history.getMessage(id);
      if (message.role !== 'assistant') throw new ValidationError('Only assistant answers have generation events.');
      return sendEvents(c, deps.logger, (signal) => deps.chats.events(id, signal));
    });
}
