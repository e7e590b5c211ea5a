/**
 * Security middleware (DESIGN §7): DNS-rebinding defence (Host allow-list), Origin check on
 * state-changing requests and SSE, optional bearer token, and security headers with a strict CSP.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ForbiddenError, UnauthorizedError } from '../errors';
import {
  AUTH_COOKIE_MAX_AGE_S,
  AuthThrottle,
  constantTimeEqual,
  issueSessionCookie,
  TooManyAuthFailuresError,
  verifySessionCookie,
} from './auth-throttle';
import { incomingOf, outgoingOf } from './node-env';

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

function splitHost(hostHeader: string): { hostname: string; port: string } {
  const h = hostHeader.toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    const rest = end === -1 ? '' : h.slice(end + 1);
    return { hostname: h.slice(0, end + 1), port: rest.startsWith(':') ? rest.slice(1) : '' };
  }
  const colon = h.indexOf(':');
  return colon === -1 ? { hostname: h, port: '' } : { hostname: h.slice(0, colon), port: h.slice(colon + 1) };
}

export function allowedHostnames(configuredHost: string): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const h = configuredHost.toLowerCase();
  names.add(h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  return names;
}

/**
 * The Host header must name an allowed host and the port this socket listens on: a page served by
 * another local port must not pass as us.
 */
export function hostCheck(allowed: Set<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    const parsed = host ? splitHost(host) : null;
    const localPort = incomingOf(c)?.socket.localPort;
    const portOk =
      parsed !== null &&
      (localPort === undefined || (parsed.port === '' ? localPort === 80 : parsed.port === String(localPort)));
    if (!parsed || !allowed.has(parsed.hostname) || !portOk) {
      throw new ForbiddenError(`Requests for host '${host ?? ''}' are not allowed (DNS-rebinding protection).`);
    }
    await next();
  };
}

/** GETs checked like writes: event streams, and the downloads of all data (export, backup). */
const CHECKED_GETS = /\/(events|export|backup)$/;

/** `allowed` null (wildcard bind): only same-origin is required. Scheme, host and port all count. */
export function originCheck(allowed: Set<string> | null): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const needsCheck = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || CHECKED_GETS.test(c.req.path);
    if (needsCheck && origin !== undefined) {
      let ok = false;
      try {
        const url = new URL(origin);
        const ownScheme = new URL(c.req.url).protocol;
        const sameOrigin = url.protocol === ownScheme && url.host === c.req.header('host')?.toLowerCase();
        ok = sameOrigin && (allowed === null || allowed.has(url.hostname.toLowerCase()));
      } catch {
        ok = false;
      }
      if (!ok) throw new ForbiddenError(`Cross-origin requests from '${origin}' are not allowed.`);
    }
    await next();
  };
}

/**
 * Where to go after `?token=…`: the same path on this origin. `//host/` or `/\\host/` would be
 * read by browsers as another origin, so leading slashes and backslashes collapse to one.
 */
export function sameOriginPath(path: string): string {
  const rest = path.replace(/^[/\\]+/, '');
  return `/${rest}`;
}

/** With AUTH_TOKEN set: `Authorization: Bearer …`, or the cookie set by opening `/?token=…` once. */
export function tokenAuth(token: string, throttle: AuthThrottle = new AuthThrottle()): MiddlewareHandler {
  return async (c, next) => {
    const address = incomingOf(c)?.socket.remoteAddress ?? 'in-process';
    try {
      throttle.check(address);
    } catch (err) {
      if (err instanceof TooManyAuthFailuresError) c.header('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
    const fromQuery = c.req.query('token');
    if (fromQuery !== undefined) {
      if (constantTimeEqual(fromQuery, token)) {
        setCookie(c, TOKEN_COOKIE, issueSessionCookie(token), {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
          maxAge: AUTH_COOKIE_MAX_AGE_S,
        });
        return c.redirect(sameOriginPath(c.req.path));
      }
      throttle.fail(address);
      throw new UnauthorizedError('That access token is wrong.');
    }
    const header = c.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const cookie = getCookie(c, TOKEN_COOKIE);
    const ok =
      bearer !== undefined
        ? constantTimeEqual(bearer, token)
        : cookie !== undefined && verifySessionCookie(cookie, token);
    if (!ok) {
      // Only presented credentials count: a browser opening the page without one is not guessing.
      if (bearer !== undefined || cookie !== undefined) throttle.fail(address);
      throw new UnauthorizedError('This server needs its access token.');
    }
    await next();
  };
}

const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

/**
 * On Node's response itself when there is one: `writeHead` merges them into whatever head the response
 * gets (JSON, a file, an event stream), and no web Headers object is built for them. Set with
 * `c.header()` after the handler, each call had copied the finished response into a full web Response
 * that @hono/node-server then wrote through a stream reader instead of in one write (issue 12: about
 * 0.4 ms of every request). In-process requests (`app.request()`) have no Node response: Hono's way.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  const outgoing = outgoingOf(c);
  if (outgoing) {
    for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
    await next();
    return;
  }
  await next();
  for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
};
