import { Hono } from 'hono';
import { IdParamSchema as IdParam, RegenerateBodySchema as RegenerateBody } from '../../schemas';
import type { HttpDeps } from '../deps';
import { optionalJsonBody, validate } from '../validation';

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
