/** Path parameters and query strings of the routes, so each rule is written once for every route. */
import * as z from 'zod';
import type { RegenerateBody } from '../../shared/api';
import { MAX_ID_CHARS, MESSAGE_PAGE, METRICS_POINTS_LIMIT } from '../../shared/limits';
import { ModelNameSchema } from './common';
import { matches } from './contract-check';

/** `:id` of a chat, message, generation or job. */
export const IdParamSchema = z.object({ id: z.string().min(1).max(MAX_ID_CHARS) });

/** `:name` of a model to act on (pull, load, delete, preferences): must be a valid model name. */
export const ModelNameParamSchema = z.object({ name: ModelNameSchema });

const MessageIdSchema = z.string().min(1).max(MAX_ID_CHARS);

/** `GET /api/chats/:id/messages` (`MessagesQuery`): a branch by its leaf, or the messages above `before`; optionally the newest `limit`. */
export const MessagesQuerySchema = z
  .object({
    leaf: MessageIdSchema.optional(),
    before: MessageIdSchema.optional(),
    limit: z.coerce.number().int().min(MESSAGE_PAGE.min).max(MESSAGE_PAGE.max).optional(),
  })
  .refine((q) => q.leaf === undefined || q.before === undefined, {
    message: 'give either leaf (a branch) or before (the messages above one), not both',
    path: ['before'],
  });

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
