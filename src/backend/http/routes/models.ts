/**
 * Installed models and what can be done to them. Fixed paths (`/running`, `/pull`, `/updates/check`)
 * come before the `/:name{.+}` patterns. Names arrive URL-encoded (Hono decodes them) or with raw
 * slashes, e.g. `hf.co%2Forg%2Frepo%3AQ4_K_M`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ModelNameSchema, PullBodySchema, type StartJobResponse } from '../../../shared/models-api';
import type { HttpDeps } from '../deps';
import { optionalJsonBody, validate } from '../validation';

const ValidNameParam = z.object({ name: ModelNameSchema });
const ListQuery = z.object({ refresh: z.enum(['0', '1', 'true', 'false']).optional() });
const UpdateCheckBody = z.object({ models: z.array(ModelNameSchema).max(1_000).optional() }).strict();

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
    .get('/:name{.+}', validate('param', ValidNameParam), async (c) => {
      // Hono has decoded the path already; decoding again turned `%25zz` into a 500.
      return c.json(await deps.catalog.details(c.req.valid('param').name));
    });
}
