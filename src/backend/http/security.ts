/**
 * Security middleware (DESIGN §7): DNS-rebinding defence (Host allow-list), Origin check on
 * state-changing requests and SSE, optional bearer token, and security headers with a strict CSP.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ForbiddenError, UnauthorizedError } from '../errors';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TOKEN_COOKIE = 'ollama_chat_token';

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return hostHeader.split(':')[0]?.toLowerCase() ?? '';
}

export function allowedHostnames(configuredHost: string): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const h = configuredHost.toLowerCase();
  names.add(h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  return names;
}

export function hostCheck(allowed: Set<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (!host || !allowed.has(hostnameOf(host))) {
      throw new ForbiddenError(`Requests for host '${host ?? ''}' are not allowed (DNS-rebinding protection).`);
    }
    await next();
  };
}

/** GETs checked like writes: event streams, and the downloads of all data (export, backup). */
const CHECKED_GETS = /\/(events|export|backup)$/;

/** `allowed` null (wildcard bind): only same-origin is required. */
export function originCheck(allowed: Set<string> | null): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const needsCheck = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || CHECKED_GETS.test(c.req.path);
    if (needsCheck && origin !== undefined) {
      let ok = false;
      try {
        const url = new URL(origin);
        const sameOrigin = url.host === c.req.header('host');
        ok = sameOrigin && (allowed === null || allowed.has(url.hostname.toLowerCase()));
      } catch {
        ok = false;
      }
      if (!ok) throw new ForbiddenError(`Cross-origin requests from '${origin}' are not allowed.`);
    }
    await next();
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** With AUTH_TOKEN set: `Authorization: Bearer …`, or the cookie set by opening `/?token=…` once. */
export function tokenAuth(token: string): MiddlewareHandler {
  return async (c, next) => {
    const fromQuery = c.req.query('token');
    if (fromQuery && safeEqual(fromQuery, token)) {
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return c.redirect(c.req.path);
    }
    const header = c.req.header('authorization');
    const given = header?.startsWith('Bearer ') ? header.slice(7) : getCookie(c, TOKEN_COOKIE);
    if (!given || !safeEqual(given, token)) {
      throw new UnauthorizedError('This server needs its access token.');
    }
    await next();
  };
}

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
};
