/** Schemas of running models, model preferences, deleting models and update checks. */
import * as z from 'zod';
import type {
  DeleteModelResponse,
  RunningModel,
  RunningModels,
  UpdateCheckBody,
  UpdateCheckResponse,
  UpdateModelPreferencesBody,
} from '../../shared/models-api';
import { KeepAliveSchema, ModelNameSchema } from './common';
import { matches } from './contract-check';

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
