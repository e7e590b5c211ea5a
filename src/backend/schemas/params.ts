/** Path parameters and query strings of the routes, so each rule is written once for every route. */
import * as z from 'zod';
import type { RegenerateBody } from '../../shared/api';
import { MAX_ID_CHARS, METRICS_POINTS_LIMIT } from '../../shared/limits';
import { ModelNameSchema } from './common';
import { matches } from './contract-check';

/** `:id` of a chat, message, generation or job. */
export const IdParamSchema = z.object({ id: z.string().min(1).max(MAX_ID_CHARS) });

/** `:name` of a model to act on (pull, load, delete, preferences): must be a valid model name. */
export const ModelNameParamSchema = z.object({ name: ModelNameSchema });

export const LeafQuerySchema = z.object({ leaf: z.string().min(1).max(MAX_ID_CHARS).optional() });

export const ListModelsQuerySchema = z.object({ refresh: z.enum(['0', '1', 'true', 'false']).optional() });

export const MetricsQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(METRICS_POINTS_LIMIT.min)
    .max(METRICS_POINTS_LIMIT.max)
    .default(METRICS_POINTS_LIMIT.default),
});

export const RegenerateBodySchema = matches<RegenerateBody>()(z.object({ model: ModelNameSchema.optional() }).strict());
