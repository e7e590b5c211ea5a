/** `POST /api/attachments/inspect`: the composer asks what a file would become before it is sent. */
import { Hono } from 'hono';
import { AttachmentUploadSchema } from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function attachmentRoutes(deps: HttpDeps) {
  return new Hono().post('/inspect', validate('json', AttachmentUploadSchema), async (c) =>
    c.json(await deps.service.inspectAttachment(c.req.valid('json'))),
  );
}
