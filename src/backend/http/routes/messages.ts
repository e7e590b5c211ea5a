import { Hono } from 'hono';
import { z } from 'zod';
import type { HttpDeps } from '../deps';
import { optionalJsonBody, validate } from '../validation';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const RegenerateBody = z.object({ model: z.string().trim().min(1).max(300).optional() }).strict();

export function messageRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/:id', validate('param', IdParam), async (c) =>
      c.json(await deps.service.getMessage(c.req.valid('param').id)),
    )
    .post('/:id/regenerate', validate('param', IdParam), async (c) => {
      const { model } = await optionalJsonBody(c.req.raw, RegenerateBody);
      return c.json(await deps.service.regenerate(c.req.valid('param').id, model), 202);
    })
    .post('/:id/continue', validate('param', IdParam), async (c) => {
      return c.json(await deps.service.continueAnswer(c.req.valid('param').id), 202);
    });
}
