/**
 * Failed-authentication throttle and token proofs (DESIGN §7). Guessing AUTH_TOKEN is limited per
 * client address; comparisons never depend on where the strings differ or on their lengths; the
 * cookie holds an expiring HMAC derived from the token, never the token itself.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ERROR_CODES } from '../../shared/error-codes';
import { AppError } from '../errors';

/** Failures allowed per address within one window before further attempts get 429. */
export const AUTH_MAX_FAILURES = 10;
export const AUTH_WINDOW_MS = 60_000;
/** Bounds the table when many addresses fail (IPv6 makes addresses cheap). */
const MAX_TRACKED_ADDRESSES = 10_000;
export const AUTH_COOKIE_MAX_AGE_S = 30 * 24 * 3600;

export class TooManyAuthFailuresError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      ERROR_CODES.unauthorized,
      429,
      `Too many wrong access tokens from this address. Try again in ${retryAfterSeconds} s.`,
    );
  }
}

interface Window {
  startedAt: number;
  failures: number;
}

export class AuthThrottle {
  readonly #windows = new Map<string, Window>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Throws while `address` has used up its failures in the current window. */
  check(address: string): void {
    const w = this.#current(address);
    if (w && w.failures >= AUTH_MAX_FAILURES) {
      const retryMs = w.startedAt + AUTH_WINDOW_MS - this.#now();
      throw new TooManyAuthFailuresError(Math.max(1, Math.ceil(retryMs / 1000)));
    }
  }

  fail(address: string): void {
    const w = this.#current(address);
    if (w) {
      w.failures++;
      return;
    }
    if (this.#windows.size >= MAX_TRACKED_ADDRESSES) this.#prune();
    this.#windows.set(address, { startedAt: this.#now(), failures: 1 });
  }

  get trackedAddresses(): number {
    return this.#windows.size;
  }

  #current(address: string): Window | undefined {
    const w = this.#windows.get(address);
    if (w && this.#now() - w.startedAt >= AUTH_WINDOW_MS) {
      this.#windows.delete(address);
      return undefined;
    }
    return w;
  }

  #prune(): void {
    const now = this.#now();
    for (const [address, w] of this.#windows) if (now - w.startedAt >= AUTH_WINDOW_MS) this.#windows.delete(address);
    // Still full: forget the oldest entries (Map keeps insertion order).
    for (const address of this.#windows.keys()) {
      if (this.#windows.size < MAX_TRACKED_ADDRESSES) break;
      this.#windows.delete(address);
    }
  }
}

/** A process-local key: both sides are hashed to the same length before the constant-time compare. */
const COMPARE_KEY = randomBytes(32);

export function constantTimeEqual(given: string, expected: string): boolean {
  const a = createHmac('sha256', COMPARE_KEY).update(given).digest();
  const b = createHmac('sha256', COMPARE_KEY).update(expected).digest();
  return timingSafeEqual(a, b);
}

function cookieMac(token: string, expiresAt: number): string {
  return createHmac('sha256', token).update(`ollama-chat-session:${expiresAt}`).digest('base64url');
}

/** `<expiry in unix seconds>.<HMAC(token, expiry)>`: survives restarts, dies with a token change. */
export function issueSessionCookie(token: string, nowMs: number = Date.now()): string {
  const expiresAt = Math.floor(nowMs / 1000) + AUTH_COOKIE_MAX_AGE_S;
  return `${expiresAt}.${cookieMac(token, expiresAt)}`;
}

export function verifySessionCookie(value: string, token: string, nowMs: number = Date.now()): boolean {
  const dot = value.indexOf('.');
  const expiresText = dot === -1 ? '' : value.slice(0, dot);
  const expiresAt = /^\d{1,12}$/.test(expiresText) ? Number(expiresText) : 0;
  // Compared even when expired, so the answer time does not tell which check failed.
  const macOk = constantTimeEqual(value.slice(dot + 1), cookieMac(token, expiresAt));
  return macOk && expiresAt * 1000 > nowMs;
}
