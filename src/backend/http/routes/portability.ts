/**
 * Export, import and backup (issue #9). Mounted before the global body limit: an import's raw body
 * is streamed to a temporary file under its own limit (IMPORT_MAX_BYTES), never held in memory.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Download } from '../../app-service';
import { PayloadTooLargeError, ValidationError } from '../../errors';
import { ExportQuerySchema, IdParamSchema, ImportQuerySchema } from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

const megabytes = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/** `attachment` with an ASCII fallback name and the real one (RFC 6266 / 5987). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Pulls the body one piece at a time as the client reads. A failure half-way errors the stream,
 * so the client sees a broken download instead of a file that looks complete.
 */
function streamOf(body: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function sendDownload(c: Context, download: Download): Response {
  const headers = {
    'Content-Type': download.contentType,
    'Content-Disposition': contentDisposition(download.fileName),
    'Cache-Control': 'no-store',
  };
  const body = typeof download.body === 'string' ? download.body : streamOf(download.body);
  return c.body(body, 200, headers);
}

/** A safe base name for messages and format detection; the bytes go to our own temp path. */
function uploadName(raw: string | undefined): string {
  const base = path.basename((raw ?? '').replaceAll('\\', '/')).trim();
  return base.slice(0, 255) || 'upload';
}

async function spool(body: ReadableStream<Uint8Array>, file: string, limit: number): Promise<void> {
  let total = 0;
  await pipeline(
    Readable.fromWeb(body as WebReadableStream<Uint8Array>),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        total += chunk.byteLength;
        if (total > limit) {
          throw new PayloadTooLargeError(
            `The file is larger than the server imports (${megabytes(limit)}, IMPORT_MAX_BYTES).`,
            megabytes(limit),
          );
        }
        yield chunk;
      }
    },
    createWriteStream(file),
  );
}

export function portabilityRoutes(deps: HttpDeps) {
  const { service, config } = deps;
  const multipartLimit = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw new PayloadTooLargeError(
        `A form upload is limited to ${megabytes(config.maxBodyBytes)} (MAX_BODY_BYTES); send the file as the raw request body for up to ${megabytes(config.importMaxBytes)}.`,
        megabytes(config.maxBodyBytes),
      );
    },
  });
  return new Hono()
    .post(
      '/import',
      validate('query', ImportQuerySchema),
      // A form upload is parsed in memory by the platform, so it keeps the ordinary body limit.
      async (c, next) => (isMultipart(c) ? multipartLimit(c, next) : next()),
      async (c) => {
        const dir = service.tempDir();
        await mkdir(dir, { recursive: true });
        const file = path.join(dir, `import-${randomUUID()}.upload`);
        try {
          let fileName: string;
          if (isMultipart(c)) {
            const form = await c.req.raw.formData();
            const upload = form.get('file');
            if (!(upload instanceof File)) {
              throw new ValidationError('The form has no file: send it in the field "file".');
            }
            fileName = uploadName(upload.name);
            await spool(upload.stream(), file, config.importMaxBytes);
          } else {
            const body = c.req.raw.body;
            if (!body) throw new ValidationError('Nothing to import: the request has no body.');
            fileName = uploadName(c.req.valid('query').name ?? c.req.header('x-file-name'));
            await spool(body, file, config.importMaxBytes);
          }
          return c.json(await service.importFile({ fileName, path: file }));
        } finally {
          await rm(file, { force: true });
        }
      },
    )
    .get('/chats/:id/export', validate('param', IdParamSchema), validate('query', ExportQuerySchema), async (c) =>
      sendDownload(c, await service.exportChat(c.req.valid('param').id, c.req.valid('query').format)),
    )
    .get('/export', (c) => sendDownload(c, service.exportAll()))
    .get('/backup', async (c) => {
      const backup = await service.backup();
      try {
        const { size } = await stat(backup.path);
        const file = createReadStream(backup.path);
        // Removed once sent, and also when the client goes away half-way (the stream is destroyed).
        file.once('close', () => void backup.remove());
        return c.body(Readable.toWeb(file) as ReadableStream<Uint8Array>, 200, {
          'Content-Type': backup.contentType,
          'Content-Disposition': contentDisposition(backup.fileName),
          'Content-Length': String(size),
          'Cache-Control': 'no-store',
        });
      } catch (err) {
        await backup.remove();
        throw err;
      }
    });
}

function isMultipart(c: Context): boolean {
  return (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}
