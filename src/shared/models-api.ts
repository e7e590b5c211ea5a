/**
 * Wire contract of model management (pulls, running models, versions, auto-updates, performance
 * metrics): plain types and constant lists, no zod. The server's schemas are in src/backend/schemas/.
 */
import type { ErrorInfo } from './error-info';

export interface PullBody {
  name: string;
}

export const JOB_KINDS = ['pull', 'update'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ['queued', 'running', 'done', 'error', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobLayer {
  /** Layer digest with its `sha256:` prefix, as Ollama reports it. */
  digest: string;
  total: number;
  completed: number;
}

export interface Job {
  id: string;
  kind: JobKind;
  /** The model name as given (pull) or as installed (update). */
  model: string;
  status: JobStatus;
  /** Ollama's last status line, e.g. "pulling manifest", "verifying sha256 digest". */
  phase: string;
  completed: number;
  total: number;
  layers: JobLayer[];
  /** Bytes per second over the last few seconds; null before there is data. */
  bytesPerSecond: number | null;
  etaSeconds: number | null;
  createdAt: string;
  finishedAt: string | null;
  /** With a hint, like every error the server sends. */
  error: ErrorInfo | null;
  /** Update jobs: the digest before and after (equal = no new version). */
  previousDigest: string | null;
  newDigest: string | null;
}

export interface JobList {
  jobs: Job[];
}

export interface StartJobResponse {
  jobId: string;
  job: Job;
}

/** SSE of `GET /api/jobs/:id/events`: `snapshot` (Job), `progress` (Job), then `done` | `error` | `cancelled` (Job). */
export const JOB_EVENTS = {
  snapshot: 'snapshot',
  progress: 'progress',
  done: 'done',
  error: 'error',
  cancelled: 'cancelled',
} as const;

export interface RunningModel {
  name: string;
  digest: string;
  /** Bytes in memory in total, and the part of it in GPU memory. */
  size: number;
  sizeVram: number;
  contextLength: number | null;
  /** ISO time when Ollama unloads it; null = never (keep_alive < 0). */
  expiresAt: string | null;
  parameterSize: string | null;
  quantization: string | null;
}

export interface RunningModels {
  models: RunningModel[];
}

export interface ModelVersion {
  digest: string;
  firstSeen: string;
  lastSeen: string;
  current: boolean;
}

export interface ModelVersions {
  name: string;
  versions: ModelVersion[];
}

/** Ollama keep_alive: seconds (-1 = forever) or a Go duration such as "10m" (rules: shared/model-name.ts). */
export type KeepAlive = number | string;

/** Per-model preferences kept by the app (not by Ollama). */
export interface ModelPreferences {
  name: string;
  /** null = follow the global default. */
  autoUpdate: boolean | null;
  /** null = the global default. */
  keepAlive: KeepAlive | null;
}

/** `PATCH /api/models/:name/preferences`; absent keys stay unchanged, null resets to the default. */
export interface UpdateModelPreferencesBody {
  autoUpdate?: boolean | null;
  keepAlive?: KeepAlive | null;
}

export interface ChatRef {
  id: string;
  title: string;
}

export interface DeleteModelResponse {
  deleted: string;
  /** Chats whose model is the deleted one (they keep their history; sending needs another model). */
  chatsUsingIt: ChatRef[];
}

/** `GET /api/models/:name/usage` — what the delete confirmation names. */
export interface ModelUsage {
  name: string;
  chats: ChatRef[];
}

export interface MetricsPoint {
  at: string;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  promptTokensPerSecond: number | null;
  loadDurationMs: number;
  promptEvalCount: number;
  evalCount: number;
}

export interface Spread {
  median: number | null;
  p10: number | null;
  p90: number | null;
}

export interface MetricsSummary {
  model: string;
  answers: number;
  tokensPerSecond: Spread;
  ttftMs: Spread;
  promptTokensPerSecond: { median: number | null };
  loadDurationMs: { median: number | null };
  lastUsed: string | null;
}

export interface ContextSizeBucket {
  bucket: string;
  answers: number;
  tokensPerSecondMedian: number | null;
}

/** `GET /api/models/:name/metrics?limit=` — summary, recent points (oldest first), and tokens/s by context size. */
export interface ModelMetrics {
  summary: MetricsSummary;
  points: MetricsPoint[];
  byContextSize: ContextSizeBucket[];
}

/** `GET /api/metrics/models` — the comparison table across models, fastest first. */
export interface MetricsComparison {
  models: MetricsSummary[];
}

/** App-wide model settings, part of `GET/PUT /api/settings`. */
export interface ModelSettings {
  autoUpdateDefault?: boolean;
  /** Hours between scheduled update checks (AUTO_UPDATE_INTERVAL_HOURS). */
  autoUpdateIntervalHours?: number;
  /** Global keep_alive sent with chats; null = Ollama's default (5m). */
  keepAlive?: KeepAlive | null;
  /** Load the chat's model when a chat is opened, so the first answer does not pay the load time. */
  preloadOnOpen?: boolean;
}

/** `POST /api/models/updates/check` body: which models to check (default: all opted in). */
export interface UpdateCheckBody {
  models?: string[];
}

/** `POST /api/models/updates/check` → the update jobs started (skipped models say why). */
export interface UpdateCheckResponse {
  started: { model: string; jobId: string }[];
  skipped: { model: string; reason: string }[];
}

/** Sent on `GET /api/events` (app-wide SSE): `models-changed` {reason}, `model-updated` {model, previousDigest, newDigest}, `job` (Job), `ollama-status` (Health['ollama'], when reachability changes). */
export const APP_EVENTS = {
  modelsChanged: 'models-changed',
  modelUpdated: 'model-updated',
  job: 'job',
  ollamaStatus: 'ollama-status',
} as const;
