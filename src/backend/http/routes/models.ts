/**
 * Installed models and what can be done to them. Fixed paths (`/running`, `/pull`, `/updates/check`)
 * come before the `/:name{.+}` patterns. Names arrive URL-encoded (Hono decodes them) or with raw
 * slashes, e.g. `hf.co%2Forg%2Frepo%3AQ4_K_M`.
 */
import { Hono } from 'hono';
import {
  ListModelsQuerySchema as ListQuery,
  PullBodySchema,
  UpdateCheckBodySchema as UpdateCheckBody,
  ModelNameParamSchema as ValidNameParam,
} from '../../schemas';
import type { HttpDeps } from '../deps';
import { optionalJsonBody, validate } from '../validation';

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
    .get('/:name{.+}', validate('param', ValidNameParam), async (c) => {
      // Hono has decoded the path already; decoding again turned `%25zz` into a 500.
      return c.json(await deps.service.modelDetails(c.req.valid('param').name));
    });
}
