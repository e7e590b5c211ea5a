/**
 * Installed models and what can be done to them. Fixed paths (`/running`, `/pull`, `/updates/check`)
 * come before the `/:name{.+}` patterns. Names arrive URL-encoded (Hono decodes them) or with raw
 * slashes, e.g. `hf.co%2Forg%2Frepo%3AQ4_K_M`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ModelNameSchema, PullBodySchema } from '../../../shared/models-api';
import type { HttpDeps } from '../deps';
import { optionalJsonBody, validate } from '../validation';

const NameParam = z.object({ name: z.string().min(1).max(300) });
const ValidNameParam = z.object({ name: ModelNameSchema });
const ListQuery = z.object({ refresh: z.enum(['0', '1', 'true', 'false']).optional() });
const UpdateCheckBody = z.object({ models: z.array(ModelNameSchema).max(1_000).optional() }).strict();

export function modelRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/', validate('query', ListQuery), async (c) => {
      const { refresh } = c.req.valid('query');
      return c.json(await deps.service.listModels({ refresh: refresh === '1' || refresh === 'true' }));
    })
    .get('/running', async (c) => c.json(await deps.service.runningModels()))
    .post('/pull', validate('json', PullBodySchema), (c) =>
      c.json(deps.service.startPull(c.req.valid('json').name), 202),
    )
    .post('/updates/check', async (c) => {
      const { models } = await optionalJsonBody(c.req.raw, UpdateCheckBody);
      return c.json(await deps.service.checkUpdates(models));
    })
    .post('/:name{.+}/load', validate('param', ValidNameParam), async (c) => {
      return c.json(await deps.service.loadModel(c.req.valid('param').name));
    })
    .post('/:name{.+}/unload', validate('param', ValidNameParam), async (c) => {
      return c.json(await deps.service.unloadModel(c.req.valid('param').name));
    })
    .delete('/:name{.+}', validate('param', ValidNameParam), async (c) => {
      return c.json(await deps.service.deleteModel(c.req.valid('param').name));
    })
    .get('/:name{.+}', validate('param', NameParam), async (c) => {
      return c.json(await deps.service.modelDetails(decodeURIComponent(c.req.valid('param').name)));
    });
}
