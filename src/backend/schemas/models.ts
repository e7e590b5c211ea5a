/** Schemas of installed and running models, their versions, preferences and performance metrics. */
import { z } from 'zod';
import type { Health, ModelDetails, ModelList, ModelSummary } from '../../shared/api';
import { MODEL_BACKENDS } from '../../shared/image-api';
import type {
  DeleteModelResponse,
  MetricsComparison,
  MetricsPoint,
  MetricsSummary,
  ModelMetrics,
  ModelPreferences,
  ModelUsage,
  ModelVersion,
  ModelVersions,
  RunningModel,
  RunningModels,
  UpdateCheckBody,
  UpdateCheckResponse,
  UpdateModelPreferencesBody,
} from '../../shared/models-api';
import { ErrorInfoSchema, KeepAliveSchema, ModelNameSchema } from './common';
import { matches } from './contract-check';

export const ModelSummarySchema = matches<ModelSummary>()(
  z.object({
    name: z.string(),
    size: z.number(),
    digest: z.string(),
    modifiedAt: z.string(),
    family: z.string().nullable(),
    parameterSize: z.string().nullable(),
    quantization: z.string().nullable(),
    contextLength: z.number().nullable(),
    capabilities: z.array(z.string()),
    canChat: z.boolean(),
    backend: z.enum(MODEL_BACKENDS).optional(),
  }),
);

export const ModelListSchema = matches<ModelList>()(
  z.object({ models: z.array(ModelSummarySchema), fetchedAt: z.string() }),
);

export const ModelDetailsSchema = matches<ModelDetails>()(
  ModelSummarySchema.extend({
    parameters: z.string(),
    template: z.string(),
    system: z.string(),
    license: z.string(),
    modelInfo: z.record(z.string(), z.unknown()),
  }),
);

export const HealthSchema = matches<Health>()(
  z.object({
    ok: z.boolean(),
    version: z.string(),
    ollama: z.object({
      reachable: z.boolean(),
      version: z.string().nullable(),
      host: z.string(),
      error: ErrorInfoSchema.nullable(),
    }),
  }),
);

export const RunningModelSchema = matches<RunningModel>()(
  z.object({
    name: z.string(),
    digest: z.string(),
    size: z.number(),
    sizeVram: z.number(),
    contextLength: z.number().nullable(),
    expiresAt: z.string().nullable(),
    parameterSize: z.string().nullable(),
    quantization: z.string().nullable(),
  }),
);

export const RunningModelsSchema = matches<RunningModels>()(z.object({ models: z.array(RunningModelSchema) }));

export const ModelVersionSchema = matches<ModelVersion>()(
  z.object({ digest: z.string(), firstSeen: z.string(), lastSeen: z.string(), current: z.boolean() }),
);

export const ModelVersionsSchema = matches<ModelVersions>()(
  z.object({ name: z.string(), versions: z.array(ModelVersionSchema) }),
);

export const ModelPreferencesSchema = matches<ModelPreferences>()(
  z.object({
    name: z.string(),
    autoUpdate: z.boolean().nullable(),
    // What is stored is echoed as it is; new values are checked by UpdateModelPreferencesBodySchema.
    keepAlive: z.union([z.number(), z.string()]).nullable(),
  }),
);

export const UpdateModelPreferencesBodySchema = matches<UpdateModelPreferencesBody>()(
  z
    .object({
      autoUpdate: z.boolean().nullable().optional(),
      keepAlive: KeepAliveSchema.nullable().optional(),
    })
    .strict(),
);

const ChatRefSchema = z.object({ id: z.string(), title: z.string() });

export const DeleteModelResponseSchema = matches<DeleteModelResponse>()(
  z.object({ deleted: z.string(), chatsUsingIt: z.array(ChatRefSchema) }),
);

export const ModelUsageSchema = matches<ModelUsage>()(z.object({ name: z.string(), chats: z.array(ChatRefSchema) }));

export const MetricsPointSchema = matches<MetricsPoint>()(
  z.object({
    at: z.string(),
    ttftMs: z.number().nullable(),
    tokensPerSecond: z.number().nullable(),
    promptTokensPerSecond: z.number().nullable(),
    loadDurationMs: z.number(),
    promptEvalCount: z.number(),
    evalCount: z.number(),
  }),
);

const SpreadSchema = z.object({
  median: z.number().nullable(),
  p10: z.number().nullable(),
  p90: z.number().nullable(),
});
const MedianSchema = z.object({ median: z.number().nullable() });

export const MetricsSummarySchema = matches<MetricsSummary>()(
  z.object({
    model: z.string(),
    answers: z.number(),
    tokensPerSecond: SpreadSchema,
    ttftMs: SpreadSchema,
    promptTokensPerSecond: MedianSchema,
    loadDurationMs: MedianSchema,
    lastUsed: z.string().nullable(),
  }),
);

export const ModelMetricsSchema = matches<ModelMetrics>()(
  z.object({
    summary: MetricsSummarySchema,
    points: z.array(MetricsPointSchema),
    byContextSize: z.array(
      z.object({ bucket: z.string(), answers: z.number(), tokensPerSecondMedian: z.number().nullable() }),
    ),
  }),
);

export const MetricsComparisonSchema = matches<MetricsComparison>()(
  z.object({ models: z.array(MetricsSummarySchema) }),
);

/** How many models one update check may name. */
const MAX_UPDATE_CHECK_MODELS = 1_000;

export const UpdateCheckBodySchema = matches<UpdateCheckBody>()(
  z.object({ models: z.array(ModelNameSchema).max(MAX_UPDATE_CHECK_MODELS).optional() }).strict(),
);

export const UpdateCheckResponseSchema = matches<UpdateCheckResponse>()(
  z.object({
    started: z.array(z.object({ model: z.string(), jobId: z.string() })),
    skipped: z.array(z.object({ model: z.string(), reason: z.string() })),
  }),
);
