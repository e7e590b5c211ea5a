/**
 * What the app knows about a model beyond Ollama's own data: performance metrics, versions seen,
 * preferences, the chats that use it. Mounted at `/api` before `/api/models`, whose catch-all
 * `GET /:name{.+}` would otherwise swallow `/api/models/x/metrics`.
 */
import { Hono } from 'hono';
import {
  MetricsQuerySchema as MetricsQuery,
  ModelNameParamSchema as NameParam,
  UpdateModelPreferencesBodySchema,
} from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

/**
 * One path segment, so names with a namespace arrive encoded (`hf.co%2Forg%2Frepo%3AQ4_K_M`) and Hono
 * decodes them. Not `{.+}`: two `{.+}` routes under /api/models (here and the catch-all of the
 * models routes) make Hono's router pick the catch-all whatever the registration order.
 */

export function modelInsightsRoutes(deps: HttpDeps) {
  const { service } = deps;
  return new Hono()
    .get('/metrics/models', async (c) => c.json(await service.metricsComparison()))
    .get('/models/:name/metrics', validate('param', NameParam), validate('query', MetricsQuery), async (c) => {
      return c.json(await service.modelMetrics(c.req.valid('param').name, { limit: c.req.valid('query').limit }));
    })
    .get('/models/:name/versions', validate('param', NameParam), async (c) => {
      return c.json(await service.modelVersions(c.req.valid('param').name));
    })
    .get('/models/:name/preferences', validate('param', NameParam), async (c) => {
      return c.json(await service.modelPreferences(c.req.valid('param').name));
    })
    .put(
      '/models/:name/preferences',
      validate('param', NameParam),
      validate('json', UpdateModelPreferencesBodySchema),
      async (c) => c.json(await service.updateModelPreferences(c.req.valid('param').name, c.req.valid('json'))),
    )
    .get('/models/:name/usage', validate('param', NameParam), async (c) => {
      return c.json(await service.modelUsage(c.req.valid('param').name));
    });
}
