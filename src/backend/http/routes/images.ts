/**
 * Image generation's own routes (answers themselves go through /api/chats/:id/messages and
 * /api/generations like any other): the backends as the GUI may see them (never the API key) and a
 * model's image metrics. Model names are one encoded path segment, as in model-insights.ts.
 */
import { Hono } from 'hono';
import { ModelNameParamSchema as NameParam } from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function imageRoutes(deps: HttpDeps) {
  const { service } = deps;
  return new Hono()
    .get('/backends', async (c) => c.json(await service.imageBackends()))
    .get('/metrics/:name', validate('param', NameParam), async (c) => {
      return c.json(await service.imageMetrics(c.req.valid('param').name));
    });
}
