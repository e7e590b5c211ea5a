/**
 * ChatOptions' schema, built from the parameter catalogue (src/shared/parameters.ts): every range
 * comes from there, and every refusal names the parameter and its range in the catalogue's words.
 */
import * as z from 'zod';
import { type ChatOptions, THINK_LEVELS } from '../../shared/api';
import { KEEP_ALIVE_DURATION_PATTERN } from '../../shared/model-name';
import {
  FORMAT_PARAMETER,
  KEEP_ALIVE_PARAMETER,
  NUMBER_PARAMETERS,
  type NumberParameter,
  parameterError,
  STOP_PARAMETER,
  THINK_PARAMETER,
} from '../../shared/parameters';
import { matches } from './contract-check';

function numberSchema(p: NumberParameter) {
  const error = parameterError(p);
  const base = z.number({ error }).min(p.min, error).max(p.max, error);
  return p.integer ? base.int(error) : base;
}

const N = NUMBER_PARAMETERS;
const stopError = parameterError(STOP_PARAMETER);
const keepAliveError = parameterError(KEEP_ALIVE_PARAMETER);
const thinkError = parameterError(THINK_PARAMETER);

export const ChatOptionsSchema = matches<ChatOptions>()(
  z
    .object({
      temperature: numberSchema(N.temperature).optional(),
      top_k: numberSchema(N.top_k).optional(),
      top_p: numberSchema(N.top_p).optional(),
      min_p: numberSchema(N.min_p).optional(),
      num_ctx: numberSchema(N.num_ctx).optional(),
      num_predict: numberSchema(N.num_predict).optional(),
      seed: numberSchema(N.seed).optional(),
      repeat_penalty: numberSchema(N.repeat_penalty).optional(),
      stop: z
        .array(z.string({ error: stopError }).min(1, stopError).max(STOP_PARAMETER.maxChars, stopError), {
          error: stopError,
        })
        .max(STOP_PARAMETER.maxItems, stopError)
        .optional(),
      think: z.union([z.boolean(), z.enum(THINK_LEVELS)], { error: thinkError }).optional(),
      keep_alive: z
        .union(
          [
            z
              .number()
              .min(KEEP_ALIVE_PARAMETER.minSeconds, keepAliveError)
              .max(KEEP_ALIVE_PARAMETER.maxSeconds, keepAliveError),
            z.string().max(100, keepAliveError).regex(KEEP_ALIVE_DURATION_PATTERN, keepAliveError),
          ],
          { error: keepAliveError },
        )
        .optional(),
      format: z.enum(FORMAT_PARAMETER.values, { error: parameterError(FORMAT_PARAMETER) }).optional(),
    })
    .strict(),
);
