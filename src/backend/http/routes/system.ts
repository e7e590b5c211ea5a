import { Hono } from 'hono';
import { SettingsSchema } from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function systemRoutes(deps: HttpDeps) {
  return new Hono()
    .get('/health', async (c) => {
      return c.json(await deps.service.health());
    })
    .get('/settings', async (c) => c.json(await deps.service.getSettings()))
    .put('/settings', validate('json', SettingsSchema), async (c) => {
      return c.json(await deps.service.updateSettings(c.req.valid('json')));
    });
}
