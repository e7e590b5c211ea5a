import { Hono } from 'hono';
import { SettingsSchema } from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function systemRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/health', async (c) => {
      const ollama = await deps.ollamaStatus.check();
      return c.json({ ok: true, version: deps.version, ollama });
    })
    .get('/settings', async (c) => c.json(await deps.history.getSettings()))
    .put('/settings', validate('json', SettingsSchema), async (c) => {
      return c.json(await deps.history.updateSettings(c.req.valid('json')));
    });
}
