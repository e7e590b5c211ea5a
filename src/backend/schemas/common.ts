/** Schemas of values used across the API: model names, keep-alive, errors. Rules come from src/shared/. */
import * as z from 'zod';
import { ERROR_ACTIONS, type ErrorHint, type ErrorInfo } from '../../shared/error-info';
import {
  KEEP_ALIVE_DURATION_PATTERN,
  KEEP_ALIVE_MAX_SECONDS,
  KEEP_ALIVE_MESSAGES,
  MODEL_NAME_MAX,
  MODEL_NAME_MESSAGES,
  MODEL_NAME_PATTERN,
} from '../../shared/model-name';
import type { KeepAlive } from '../../shared/models-api';
import { matches } from './contract-check';

/** The same rule and sentences as the GUI's validateModelName. */
export const ModelNameSchema = z
  .string()
  .trim()
  .min(1, MODEL_NAME_MESSAGES.empty)
  .max(MODEL_NAME_MAX, MODEL_NAME_MESSAGES.tooLong)
  .regex(MODEL_NAME_PATTERN, MODEL_NAME_MESSAGES.invalid);

/** The same rule and sentences as the GUI's parseKeepAlive. */
export const KeepAliveSchema = matches<KeepAlive>()(
  z.union([
    z.number().min(-1, KEEP_ALIVE_MESSAGES.seconds).max(KEEP_ALIVE_MAX_SECONDS, KEEP_ALIVE_MESSAGES.seconds),
    z.string().max(100, KEEP_ALIVE_MESSAGES.invalid).regex(KEEP_ALIVE_DURATION_PATTERN, KEEP_ALIVE_MESSAGES.invalid),
  ]),
);

export const ErrorHintSchema = matches<ErrorHint>()(
  z.object({
    text: z.string(),
    command: z.string().optional(),
    action: z.enum(ERROR_ACTIONS).optional(),
  }),
);

export const ErrorInfoSchema = matches<ErrorInfo>()(
  z.object({
    // Any string: an older server or a newer Ollama error may carry a code this build does not list.
    code: z.custom<ErrorInfo['code']>((v) => typeof v === 'string'),
    message: z.string(),
    hint: ErrorHintSchema.optional(),
    details: z.unknown().optional(),
  }),
);

export const ErrorBodySchema = z.object({ error: ErrorInfoSchema });
