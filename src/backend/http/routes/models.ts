import { Hono } from 'hono';
import { z } from 'zod';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

const NameParam = z.object({ name: z.string().min(1).max(300) });
const ListQuery = z.object({ refresh: z.enum(['0', '1', 'true', 'false']).optional() });

export function modelRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/', validate('query', ListQuery), async (c) => {
      const { refresh } = c.req.valid('query');
      return c.json(await deps.catalog.list({ refresh: refresh === '1' || refresh === 'true' }));
    })
    .get('/:name{.+}', validate('param', NameParam), async (c) => {
      return c.json(await deps.catalog.details(decodeURIComponent(c.req.valid('param').name)));
    });
}
