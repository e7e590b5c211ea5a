/**
 * Installed models and what can be done to them. Fixed paths (`/running`, `/pull`, `/updates/check`)
 * come before the `/:name{.+}` patterns. Names arrive URL-encoded (Hono decodes them) or with raw
 * slashes, e.g. `hf.co%2Forg%2Frepo%3AQ4_K_M`.
 */
import { Hono } from 'hono';
import type { StartJobResponse } from '../../../shared/models-api';
import {
  ListModelsQuerySchema as ListQuery,
  ModelLookupParamSchema as NameParam,
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
      return c.json(await deps.catalog.list({ refresh: refresh === '1' || refresh === 'true' }));
    })
    .get('/running', async (c) => c.json(await deps.modelOps.running()))
    .post('/pull', validate('json', PullBodySchema), (c) => {
      const job = deps.jobs.startPull(c.req.valid('json').name);
      const body: StartJobResponse = { jobId: job.id, job: job.snapshot() };
      return c.json(body, 202);
    })
    .post('/updates/check', async (c) => {
      const { models } = await optionalJsonBody(c.req.raw, UpdateCheckBody);
      return c.json(await deps.updater.check(models));
    })
    .post('/:name{.+}/load', validate('param', ValidNameParam), async (c) => {
      return c.json(await deps.modelOps.load(c.req.valid('param').name));
    })
    .post('/:name{.+}/unload', validate('param', ValidNameParam), async (c) => {
      return c.json(await deps.modelOps.unload(c.req.valid('param').name));
    })
    .delete('/:name{.+}', validate('param', ValidNameParam), async (c) => {
      return c.json(await deps.modelOps.delete(c.req.valid('param').name));
    })
    .get('/:name{.+}', validate('param', NameParam), async (c) => {
      return c.json(await deps.catalog.details(decodeURIComponent(c.req.valid('param').name)));
    });
}
