import { Hono } from 'hono';
import { SearchQuerySchema, Sha256ParamSchema } from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function searchRoutes(deps: HttpDeps) {
  return new Hono().get('/search', validate('query', SearchQuerySchema), async (c) =>
    c.json(await deps.service.search(c.req.valid('query'))),
  );
}

export function blobRoutes(deps: HttpDeps) {
  return new Hono().get('/:sha256', validate('param', Sha256ParamSchema), async (c) => {
    const blob = await deps.service.blob(c.req.valid('param').sha256);
    // The type comes from the bytes, and nosniff keeps the browser from guessing another one.
    return c.body(new Uint8Array(blob.bytes), 200, {
      'Content-Type': blob.contentType,
      'Content-Length': String(blob.bytes.length),
      'X-Content-Type-Options': 'nosniff',
      // Content-addressed: these bytes never change under this URL.
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Disposition': `inline; filename="${blob.asciiName}"; filename*=UTF-8''${encodeURIComponent(blob.name)}`,
    });
  });
}
