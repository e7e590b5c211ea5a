import { Hono } from 'hono';
import {
  ApplyPresetBodySchema,
  CreatePresetBodySchema,
  DefaultPresetBodySchema,
  IdParamSchema as IdParam,
  UpdatePresetBodySchema,
} from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

/** `/api/presets` (src/shared/presets-api.ts). */
export function presetRoutes(deps: HttpDeps) {
  const { service } = deps;
  return new Hono()
    .get('/', async (c) => c.json(await service.presets.list()))
    .post('/', validate('json', CreatePresetBodySchema), async (c) =>
      c.json(await service.presets.create(c.req.valid('json')), 201),
    )
    .put('/default', validate('json', DefaultPresetBodySchema), async (c) =>
      c.json(await service.presets.setDefault(c.req.valid('json').presetId)),
    )
    .get('/:id', validate('param', IdParam), async (c) => c.json(await service.presets.get(c.req.valid('param').id)))
    .patch('/:id', validate('param', IdParam), validate('json', UpdatePresetBodySchema), async (c) =>
      c.json(await service.presets.update(c.req.valid('param').id, c.req.valid('json'))),
    )
    .delete('/:id', validate('param', IdParam), async (c) => {
      await service.presets.delete(c.req.valid('param').id);
      return c.body(null, 204);
    })
    .post('/:id/duplicate', validate('param', IdParam), async (c) =>
      c.json(await service.presets.duplicate(c.req.valid('param').id), 201),
    )
    .post('/:id/apply', validate('param', IdParam), validate('json', ApplyPresetBodySchema), async (c) =>
      c.json(await service.applyPreset(c.req.valid('param').id, c.req.valid('json').chatId)),
    );
}
