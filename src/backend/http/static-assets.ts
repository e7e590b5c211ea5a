/**
 * The built GUI (dist/gui), served with the `.br` / `.gz` twins the GUI build writes next to each
 * compressible file (vite.config.ts, `precompress`): nothing is compressed per request. Hashed files
 * under /assets are immutable; everything else (index.html, theme-init.js) is revalidated.
 */
import { readFileSync, statSync } from 'node:fs';
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

interface Representation {
  type: string;
  identity: { size: number; mtimeMs: number };
  twins: Record<Coding, { size: number; mtimeMs: number } | null>;
}

/**
 * What a hashed asset is (type, size, compressed twins) and its bytes, read once: a file under /assets never
 * changes while its name stays, so the first load of a page costs no file-system round trips after the first
 * visit (the first screen's script and stylesheet). Bounded: the chunks a session opens, not the ~300 language
 * grammars of the highlighter, which stream from disk as before.
 */
const MAX_CACHED_BODY = 512 * 1024;
const MAX_CACHED_TOTAL = 8 * 1024 * 1024;
const assetInfo = new Map<string, Representation | null>();
const assetBodies = new Map<string, Buffer<ArrayBuffer>>();
let cachedBytes = 0;

async function representationOf(file: string): Promise<Representation | null> {
  const identity = await fileSize(file);
  if (!identity) return null;
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const [br, gzip] = await Promise.all([fileSize(file + SUFFIX.br), fileSize(file + SUFFIX.gzip)]);
  return { type, identity, twins: { br, gzip } };
}

async function bodyOf(file: string, size: number, immutable: boolean): Promise<Buffer<ArrayBuffer>> {
  if (!immutable) return readFile(file);
  const hit = assetBodies.get(file);
  if (hit) return hit;
  const body = await readFile(file);
  if (size <= MAX_CACHED_BODY && cachedBytes + body.length <= MAX_CACHED_TOTAL) {
    assetBodies.set(file, body);
    cachedBytes += body.length;
  }
  return body;
}

/** `known`: the representation the caller already looked up, so a file is stat'ed once per request. */
async function send(c: Context, file: string, cacheControl: string, known?: Representation): Promise<Response> {
  const immutable = cacheControl === IMMUTABLE;
  const rep = known ?? (await representationOf(file));
  if (!rep) throw new NotFoundError('File', c.req.path);
  if (immutable && !assetInfo.has(file)) assetInfo.set(file, rep);
  const { type, identity, twins } = rep;
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
  return c.body(await bodyOf(chosen, info.size, immutable), 200, headers);
}

/** A `<script …>` start tag (`guiBuildOf` keeps those of type module). */
const MODULE_SCRIPT = /<script\b[^>]*>/gi;

/**
 * Which build of the GUI `root` holds (`Health.gui`): the src of its index.html's module script. Null when there
 * is no index.html or no such script.
 */
export function guiBuildOf(root: string): string | null {
  let html: string;
  try {
    html = readFileSync(path.join(root, 'index.html'), 'utf8');
  } catch {
    return null;
  }
  for (const [tag] of html.matchAll(MODULE_SCRIPT)) {
    if (!/\btype=["']?module\b/i.test(tag)) continue;
    const src = /\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = src?.[1] ?? src?.[2] ?? src?.[3];
    if (value) return value;
  }
  return null;
}

/**
 * `guiBuildOf(root)`, read again whenever index.html changes (the GUI rebuilt while the server runs): the build
 * reported stays the one new tabs get. One stat per call (a health check).
 */
export function guiBuildReader(root: string): () => string | null {
  const file = path.join(root, 'index.html');
  let seen: string | null = null;
  let build: string | null = null;
  return () => {
    const st = statSync(file, { throwIfNoEntry: false });
    const key = st ? `${st.size}-${st.mtimeMs}` : '';
    if (key !== seen) {
      seen = key;
      build = st ? guiBuildOf(root) : null;
    }
    return build;
  };
}

/** GET/HEAD of every non-API path: assets, public files, and the app shell for client-side routes. */
export function serveGui(app: Hono, root: string): void {
  app.get('*', async (c) => {
    const urlPath = c.req.path;
    const isAsset = urlPath.startsWith('/assets/');
    const file = resolveInside(root, urlPath);
    const cached = file && isAsset ? assetInfo.get(file) : undefined;
    if (file && cached) return send(c, file, IMMUTABLE, cached);
    const rep = file && !/\.(br|gz)$/.test(file) ? await representationOf(file) : null;
    if (file && rep) return send(c, file, isAsset ? IMMUTABLE : 'no-cache', rep);
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
