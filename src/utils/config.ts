/** Configuration from the environment, validated once at start-up (DESIGN §7). */
import { isIPv4 } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { normalizeOllamaHost } from '../shared/ollama-host';

export const DEFAULT_PORT = 8321;

function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ollama-chat');
  if (process.platform === 'win32') {
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ollama-chat');
  }
  return path.join(process.env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'ollama-chat');
}

const intFrom = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const EnvSchema = z.object({
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: intFrom(DEFAULT_PORT, 0, 65535),
  OLLAMA_HOST: z.string().optional(),
  DATA_DIR: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUTH_TOKEN: z.string().min(16, 'AUTH_TOKEN must be at least 16 characters').optional(),
  MAX_CONCURRENT_GENERATIONS: intFrom(4, 1, 64),
  MAX_QUEUED_GENERATIONS: intFrom(100, 0, 10_000),
  FIRST_TOKEN_TIMEOUT_MS: intFrom(120_000, 100, 3_600_000),
  STREAM_IDLE_TIMEOUT_MS: intFrom(120_000, 100, 3_600_000),
  FLUSH_INTERVAL_MS: intFrom(500, 10, 60_000),
  DELTA_COALESCE_MS: intFrom(100, 0, 1_000),
  MODEL_CACHE_TTL_MS: intFrom(60_000, 0, 86_400_000),
  MAX_BODY_BYTES: intFrom(64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  MAX_CONCURRENT_PULLS: intFrom(2, 1, 16),
  IMPORT_MAX_BYTES: intFrom(2 * 1024 ** 3, 1024, 64 * 1024 ** 3),
  IMAGE_SERVER_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s]+$/, 'IMAGE_SERVER_URL must be an http:// or https:// URL')
    .optional(),
  IMAGE_SERVER_API_KEY: z.string().trim().min(1).optional(),
  IMAGE_SERVER_MODELS: z.string().trim().max(10_000).optional(),
  IMAGE_TIMEOUT_MS: intFrom(600_000, 1_000, 3_600_000),
});

export interface AppConfig {
  host: string;
  port: number;
  ollamaHost: string;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  authToken: string | undefined;
  maxConcurrentGenerations: number;
  maxQueuedGenerations: number;
  firstTokenTimeoutMs: number;
  streamIdleTimeoutMs: number;
  flushIntervalMs: number;
  deltaCoalesceMs: number;
  modelCacheTtlMs: number;
  maxBodyBytes: number;
  maxConcurrentPulls: number;
  /** POST /api/import streams a raw body to disk up to this size (MAX_BODY_BYTES does not apply). */
  importMaxBytes: number;
  /** OpenAI-compatible image server (base URL without /v1); Settings may override it. */
  imageServerUrl: string | undefined;
  /** Sent as `Authorization: Bearer`; never logged, never sent to the browser. */
  imageServerApiKey: string | undefined;
  /** Models of the image server when it does not list them (GET /v1/models answers 404 or fails). */
  imageServerModels: string[];
  /** Longest wait for one image answer from an image backend. */
  imageTimeoutMs: number;
}

/** `http://h:8188/v1/` → `http://h:8188`: the clients add `/v1/...` themselves. */
export function normalizeImageServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
}

export class ConfigError extends Error {}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIPv4(bare) && bare.startsWith('127.');
}

/** 0.0.0.0 / :: — every interface, so the Host header can be any of the machine's names. */
export function isWildcardHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '0.0.0.0' || bare === '::';
}

/** Reads the environment; throws ConfigError with every problem listed when a value is bad. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const blankToUndefined = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = EnvSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let ollamaHost: string;
  try {
    ollamaHost = normalizeOllamaHost(e.OLLAMA_HOST);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  OLLAMA_HOST: ${(err as Error).message}`);
  }
  if (!isLoopbackHost(e.HOST) && !e.AUTH_TOKEN) {
    throw new ConfigError(
      `Refusing to listen on ${e.HOST} without AUTH_TOKEN: anyone on the network could read your chats.\n` +
        '  Set AUTH_TOKEN to a long random string, or keep HOST=127.0.0.1.',
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    ollamaHost,
    dataDir: path.resolve(e.DATA_DIR ?? defaultDataDir()),
    logLevel: e.LOG_LEVEL,
    authToken: e.AUTH_TOKEN,
    maxConcurrentGenerations: e.MAX_CONCURRENT_GENERATIONS,
    maxQueuedGenerations: e.MAX_QUEUED_GENERATIONS,
    firstTokenTimeoutMs: e.FIRST_TOKEN_TIMEOUT_MS,
    streamIdleTimeoutMs: e.STREAM_IDLE_TIMEOUT_MS,
    flushIntervalMs: e.FLUSH_INTERVAL_MS,
    deltaCoalesceMs: e.DELTA_COALESCE_MS,
    modelCacheTtlMs: e.MODEL_CACHE_TTL_MS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxConcurrentPulls: e.MAX_CONCURRENT_PULLS,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    imageServerUrl: e.IMAGE_SERVER_URL ? normalizeImageServerUrl(e.IMAGE_SERVER_URL) : undefined,
    imageServerApiKey: e.IMAGE_SERVER_API_KEY,
    imageServerModels: (e.IMAGE_SERVER_MODELS ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== ''),
    imageTimeoutMs: e.IMAGE_TIMEOUT_MS,
  };
}
