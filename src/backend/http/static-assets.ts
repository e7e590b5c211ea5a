/**
 * The built GUI (dist/gui), served with the `.br` / `.gz` twins the GUI build writes next to each
 * compressible file (vite.config.ts, `precompress`): nothing is compressed per request. Hashed files
 * under /assets are immutable; everything else (index.html, theme-init.js, favicon) is revalidated.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { NotFoundError } from '../errors';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';

type Coding = 'br' | 'gzip';
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };

/** The codings the client accepts (q > 0), best first among the two we precompress. */
export function acceptedCodings(header: string | undefined): Coding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*');
  const weight = (c: Coding) => q.get(c) ?? star ?? 0;
  return (['br', 'gzip'] as const).filter((c) => weight(c) > 0).sort((a, b) => weight(b) - weight(a));
}

async function fileSize(file: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const st = await stat(file);
    return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
  } catch {
    return null;
  }
}

/**
 * The file under `root` that a URL path names, or null when the path escapes `root` or is not a
 * plain file name (NUL, backslash, dot segments after decoding).
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  const file = path.join(root, ...segments);
  const rel = path.relative(root, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? null : file;
}

async function send(c: Context, file: string, cacheControl: string): Promise<Response> {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const identity = await fileSize(file);
  if (!identity) throw new NotFoundError('File', c.req.path);
  const twins = { br: await fileSize(file + SUFFIX.br), gzip: await fileSize(file + SUFFIX.gzip) };
  // Only a file with a compressed twin varies by Accept-Encoding; fonts and images have none.
  const hasTwin = twins.br !== null || twins.gzip !== null;
  const coding = acceptedCodings(c.req.header('accept-encoding')).find((k) => twins[k] !== null) ?? null;
  const chosen = coding ? file + SUFFIX[coding] : file;
  const info = (coding && twins[coding]) || identity;
  const etag = `"${identity.size.toString(36)}-${Math.trunc(identity.mtimeMs).toString(36)}${coding ? `-${coding}` : ''}"`;
  const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': cacheControl, ETag: etag };
  if (hasTwin) headers.Vary = 'Accept-Encoding';
  if (coding) headers['Content-Encoding'] = coding;
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  headers['Content-Length'] = String(info.size);
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  return c.body(await readFile(chosen), 200, headers);
}

/** GET/HEAD of every non-API path: assets, public files, and the app shell for client-side routes. */
export function serveGui(app: Hono, root: string): void {
  app.get('*', async (c) => {
    const urlPath = c.req.path;
    const isAsset = urlPath.startsWith('/assets/');
    const file = resolveInside(root, urlPath);
    if (file && !/\.(br|gz)$/.test(file) && (await fileSize(file))) {
      return send(c, file, isAsset ? IMMUTABLE : 'no-cache');
    }
    // A missing asset is a 404, and so is a path that tries to leave the GUI directory. Any other
    // path is a client-side route (/c/:id, /models/llama3.2:latest — dots included) and gets the
    // app shell, unless it names a missing static file (/missing.js) and is not a page navigation.
    const escapes = file === null && urlPath !== '/';
    const ext = path.extname(urlPath).toLowerCase();
    const wantsPage = (c.req.header('accept') ?? '').includes('text/html');
    const missingFile = ext !== '.html' && CONTENT_TYPES[ext] !== undefined && !wantsPage;
    if (isAsset || escapes || missingFile) throw new NotFoundError('File', urlPath);
    return send(c, path.join(root, 'index.html'), 'no-cache');
  });
}
