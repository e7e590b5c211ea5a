/** Schemas of image generation: the options of an image answer, its record, metrics, backends and the settings key. */
import * as z from 'zod';
import {
  IMAGE_LIMITS,
  IMAGE_SIZE_PATTERN,
  type ImageBackendsInfo,
  type ImageGenerationRecord,
  type ImageMetricsSummary,
  type ImageOptions,
  type ImageSettings,
  MODEL_BACKENDS,
  parseImageSize,
} from '../../shared/image-api';
import { matches } from './contract-check';

const L = IMAGE_LIMITS;

export const ImageOptionsSchema = matches<ImageOptions>()(
  z
    .object({
      size: z
        .string()
        .regex(IMAGE_SIZE_PATTERN, 'size must be WIDTHxHEIGHT, e.g. 1024x1024')
        .refine((s) => parseImageSize(s) !== null, `each side must be ${L.side.min} to ${L.side.max} pixels`)
        .optional(),
      steps: z.number().int().min(L.steps.min).max(L.steps.max).optional(),
      seed: z.number().int().min(L.seed.min).max(L.seed.max).optional(),
      count: z.number().int().min(L.count.min).max(L.count.max).optional(),
    })
    .strict(),
);

export const ImageGenerationRecordSchema = matches<ImageGenerationRecord>()(
  z.object({
    backend: z.enum(MODEL_BACKENDS),
    model: z.string(),
    parameters: ImageOptionsSchema,
    seed: z.number(),
    prompt: z.string(),
    revisedPrompt: z.string().optional(),
    startedAt: z.string(),
    durationMs: z.number(),
    images: z.number(),
    secondsPerImage: z.number().nullable(),
    stepsPerSecond: z.number().nullable(),
  }),
);

export const ImageSettingsSchema = matches<ImageSettings>()(
  z.object({
    imageServerUrl: z
      .string()
      .trim()
      .max(2000)
      .regex(/^https?:\/\/\S+$/, 'the image server URL must start with http:// or https://')
      .nullable()
      .optional(),
  }),
);

export const ImageMetricsSummarySchema = matches<ImageMetricsSummary>()(
  z.object({
    model: z.string(),
    answers: z.number(),
    images: z.number(),
    secondsPerImageMedian: z.number().nullable(),
    stepsPerSecondMedian: z.number().nullable(),
  }),
);

export const ImageBackendsInfoSchema = matches<ImageBackendsInfo>()(
  z.object({
    imageServer: z.object({
      url: z.string().nullable(),
      source: z.enum(['env', 'settings']).nullable(),
      hasApiKey: z.boolean(),
      models: z.number(),
    }),
  }),
);
