/**
 * Request bodies are JSON or nothing. Without this, a body sent as text/plain or form data was
 * read as an empty object: `POST /api/chats` made a "New chat" and a PATCH changed nothing with 200.
 */
import type { MiddlewareHandler } from 'hono';
import { UnsupportedMediaTypeError } from '../errors';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isJson(contentType: string): boolean {
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json'));
}

function hasBody(headers: { get(name: string): string | null }): boolean {
  const length = headers.get('content-length');
  if (length !== null) return length.trim() !== '0';
  return headers.get('transfer-encoding') !== null;
}

export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (WITH_BODY.has(c.req.method)) {
    const contentType = c.req.header('content-type');
    // A declared type must be JSON; an undeclared one is fine only for an empty body.
    if (contentType !== undefined ? !isJson(contentType) : hasBody(c.req.raw.headers)) {
      throw new UnsupportedMediaTypeError(
        `Request bodies must be JSON (Content-Type: application/json), not '${contentType ?? 'unspecified'}'.`,
      );
    }
  }
  await next();
};
