/**
 * Wire contract of model management (issue: pulls, running models, versions, auto-updates,
 * performance metrics). Used by the backend's model-manager routes and the GUI's model-selector.
 */
import { z } from 'zod';
import {
  KEEP_ALIVE_DURATION_PATTERN,
  KEEP_ALIVE_MAX_SECONDS,
  KEEP_ALIVE_MESSAGES,
  MODEL_NAME_MAX,
  MODEL_NAME_MESSAGES,
  MODEL_NAME_PATTERN,
} from './model-name';

export const ModelNameSchema = z
  .string()
  .trim()
  .min(1, MODEL_NAME_MESSAGES.empty)
  .max(MODEL_NAME_MAX, MODEL_NAME_MESSAGES.tooLong)
  .regex(MODEL_NAME_PATTERN, MODEL_NAME_MESSAGES.invalid);

export const PullBodySchema = z.object({ name: ModelNameSchema }).strict();
export type PullBody = z.infer<typeof PullBodySchema>;

export const JobKindSchema = z.enum(['pull', 'update']);
export const JobStatusSchema = z.enum(['queued', 'running', 'done', 'error', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobLayerSchema = z.object({
  /** Layer digest with its `sha256:` prefix, as Ollama reports it. */
  digest: z.string(),
  total: z.number(),
  completed: z.number(),
});
export type JobLayer = z.infer<typeof JobLayerSchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: JobKindSchema,
  /** The model name as given (pull) or as installed (update). */
  model: z.string(),
  status: JobStatusSchema,
  /** Ollama's last status line, e.g. "pulling manifest", "verifying sha256 digest". */
  phase: z.string(),
  completed: z.number(),
  total: z.number(),
  layers: z.array(JobLayerSchema),
  /** Bytes per second over the last few seconds; null before there is data. */
  bytesPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Update jobs: the digest before and after (equal = no new version). */
  previousDigest: z.string().nullable(),
  newDigest: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobListSchema = z.object({ jobs: z.array(JobSchema) });
export type JobList = z.infer<typeof JobListSchema>;

export const StartJobResponseSchema = z.object({ jobId: z.string(), job: JobSchema });
export type StartJobResponse = z.infer<typeof StartJobResponseSchema>;

/** SSE of `GET /api/jobs/:id/events`: `snapshot` (Job), `progress` (Job), then `done` | `error` | `cancelled` (Job). */
export const JOB_EVENTS = {
  snapshot: 'snapshot',
  progress: 'progress',
  done: 'done',
  error: 'error',
  cancelled: 'cancelled',
} as const;

export const RunningModelSchema = z.object({
  name: z.string(),
  digest: z.string(),
  /** Bytes in memory in total, and the part of it in GPU memory. */
  size: z.number(),
  sizeVram: z.number(),
  contextLength: z.number().nullable(),
  /** ISO time when Ollama unloads it; null = never (keep_alive < 0). */
  expiresAt: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
});
export type RunningModel = z.infer<typeof RunningModelSchema>;

export const RunningModelsSchema = z.object({ models: z.array(RunningModelSchema) });
export type RunningModels = z.infer<typeof RunningModelsSchema>;

export const ModelVersionSchema = z.object({
  digest: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  current: z.boolean(),
});
export type ModelVersion = z.infer<typeof ModelVersionSchema>;

export const ModelVersionsSchema = z.object({ name: z.string(), versions: z.array(ModelVersionSchema) });
export type ModelVersions = z.infer<typeof ModelVersionsSchema>;

/** Per-model preferences kept by the app (not by Ollama). */
export const ModelPreferencesSchema = z.object({
  name: z.string(),
  /** null = follow the global default. */
  autoUpdate: z.boolean().nullable(),
  /** Ollama keep_alive for this model: seconds (number) or a Go duration string; null = global default. */
  keepAlive: z.union([z.number(), z.string()]).nullable(),
});
export type ModelPreferences = z.infer<typeof ModelPreferencesSchema>;

export const UpdateModelPreferencesBodySchema = z
  .object({
    autoUpdate: z.boolean().nullable().optional(),
    keepAlive: z
      .union([
        z.number().min(-1, KEEP_ALIVE_MESSAGES.seconds).max(KEEP_ALIVE_MAX_SECONDS, KEEP_ALIVE_MESSAGES.seconds),
        z.string().regex(KEEP_ALIVE_DURATION_PATTERN, KEEP_ALIVE_MESSAGES.invalid),
      ])
      .nullable()
      .optional(),
  })
  .strict();

export const DeleteModelResponseSchema = z.object({
  deleted: z.string(),
  /** Chats whose model is the deleted one (they keep their history; sending needs another model). */
  chatsUsingIt: z.array(z.object({ id: z.string(), title: z.string() })),
});

/** `GET /api/models/:name/usage` — what the delete confirmation names. */
export const ModelUsageSchema = z.object({
  name: z.string(),
  chats: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type ModelUsage = z.infer<typeof ModelUsageSchema>;

export const MetricsPointSchema = z.object({
  at: z.string(),
  ttftMs: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  promptTokensPerSecond: z.number().nullable(),
  loadDurationMs: z.number(),
  promptEvalCount: z.number(),
  evalCount: z.number(),
});
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

export const MetricsSummarySchema = z.object({
  model: z.string(),
  answers: z.number(),
  tokensPerSecond: z.object({ median: z.number().nullable(), p10: z.number().nullable(), p90: z.number().nullable() }),
  ttftMs: z.object({ median: z.number().nullable(), p10: z.number().nullable(), p90: z.number().nullable() }),
  promptTokensPerSecond: z.object({ median: z.number().nullable() }),
  loadDurationMs: z.object({ median: z.number().nullable() }),
  lastUsed: z.string().nullable(),
});
export type MetricsSummary = z.infer<typeof MetricsSummarySchema>;

/** `GET /api/models/:name/metrics?limit=` — summary, recent points (oldest first), and tokens/s by context size. */
export const ModelMetricsSchema = z.object({
  summary: MetricsSummarySchema,
  points: z.array(MetricsPointSchema),
  byContextSize: z.array(
    z.object({ bucket: z.string(), answers: z.number(), tokensPerSecondMedian: z.number().nullable() }),
  ),
});
export type ModelMetrics = z.infer<typeof ModelMetricsSchema>;

/** `GET /api/metrics/models` — the comparison table across models, fastest first. */
export const MetricsComparisonSchema = z.object({ models: z.array(MetricsSummarySchema) });
export type MetricsComparison = z.infer<typeof MetricsComparisonSchema>;

/** App-wide model settings, part of `GET/PUT /api/settings`. */
export const ModelSettingsSchema = z
  .object({
    autoUpdateDefault: z.boolean().optional(),
    /** Hours between scheduled update checks (default 24). */
    autoUpdateIntervalHours: z.number().min(1).max(24 * 30).optional(),
    /** Global keep_alive sent with chats; null = Ollama's default (5m). */
    keepAlive: z
      .union([
        z.number().min(-1, KEEP_ALIVE_MESSAGES.seconds).max(KEEP_ALIVE_MAX_SECONDS, KEEP_ALIVE_MESSAGES.seconds),
        z.string().max(100).regex(KEEP_ALIVE_DURATION_PATTERN, KEEP_ALIVE_MESSAGES.invalid),
      ])
      .nullable()
      .optional(),
    /** Load the chat's model when a chat is opened, so the first answer does not pay the load time. */
    preloadOnOpen: z.boolean().optional(),
  })
  .strict();
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;

/** `POST /api/models/updates/check` → the update jobs started (skipped models say why). */
export const UpdateCheckResponseSchema = z.object({
  started: z.array(z.object({ model: z.string(), jobId: z.string() })),
  skipped: z.array(z.object({ model: z.string(), reason: z.string() })),
});
export type UpdateCheckResponse = z.infer<typeof UpdateCheckResponseSchema>;

/** Sent on `GET /api/events` (app-wide SSE): `models-changed` {reason}, `model-updated` {model, previousDigest, newDigest}, `job` (Job). */
export const APP_EVENTS = {
  modelsChanged: 'models-changed',
  modelUpdated: 'model-updated',
  job: 'job',
} as const;
