/**
 * What the app knows about a model beyond Ollama's own data: performance metrics, versions seen,
 * preferences, the chats that use it. Mounted at `/api` before `/api/models`, whose catch-all
 * `GET /:name{.+}` would otherwise swallow `/api/models/x/metrics`.
 */
import { Hono } from 'hono';
import type {
  MetricsComparison,
  ModelMetrics,
  ModelPreferences,
  ModelUsage,
  ModelVersions,
} from '../../../shared/models-api';
import { canonicalModelName } from '../../model-manager';
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
  /** The installed digest, or null when Ollama cannot be asked (the list is refreshed per its TTL). */
  const currentDigest = async (name: string): Promise<string | null> => {
    try {
      await deps.catalog.list();
    } catch (err) {
      deps.logger.debug({ err, model: name }, 'model list unavailable; no version marked current');
      return null;
    }
    return deps.catalog.peek(name)?.digest ?? null;
  };

  return new Hono()
    .get('/metrics/models', async (c) => {
      const comparison: MetricsComparison = await deps.history.metricsComparison();
      return c.json(comparison);
    })
    .get('/models/:name/metrics', validate('param', NameParam), validate('query', MetricsQuery), async (c) => {
      const metrics: ModelMetrics = await deps.history.modelMetrics(c.req.valid('param').name, {
        limit: c.req.valid('query').limit,
      });
      return c.json(metrics);
    })
    .get('/models/:name/versions', validate('param', NameParam), async (c) => {
      const { name } = c.req.valid('param');
      const versions: ModelVersions = await deps.history.listModelVersions(name, await currentDigest(name));
      return c.json(versions);
    })
    .get('/models/:name/preferences', validate('param', NameParam), async (c) => {
      const prefs: ModelPreferences = await deps.history.getModelPreferences(c.req.valid('param').name);
      return c.json(prefs);
    })
    .put(
      '/models/:name/preferences',
      validate('param', NameParam),
      validate('json', UpdateModelPreferencesBodySchema),
      async (c) => {
        const prefs: ModelPreferences = await deps.history.updateModelPreferences(
          c.req.valid('param').name,
          c.req.valid('json'),
        );
        return c.json(prefs);
      },
    )
    .get('/models/:name/usage', validate('param', NameParam), async (c) => {
      const { name } = c.req.valid('param');
      const usage: ModelUsage = { name: canonicalModelName(name), chats: await deps.history.listChatsUsingModel(name) };
      return c.json(usage);
    });
}
