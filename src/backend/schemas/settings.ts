/** Schemas of the app's settings; the settings store also checks each stored key with these. */
import * as z from 'zod';
import type { Settings } from '../../shared/api';
import { AUTO_UPDATE_INTERVAL_HOURS, MAX_SYSTEM_PROMPT_CHARS } from '../../shared/limits';
import type { ModelSettings } from '../../shared/models-api';
import { KeepAliveSchema, ModelNameSchema } from './common';
import { matches } from './contract-check';
import { ImageSettingsSchema } from './images';
import { PresetSettingsSchema } from './presets';

export const ModelSettingsSchema = matches<ModelSettings>()(
  z
    .object({
      autoUpdateDefault: z.boolean().optional(),
      autoUpdateIntervalHours: z
        .number()
        .min(AUTO_UPDATE_INTERVAL_HOURS.min)
        .max(AUTO_UPDATE_INTERVAL_HOURS.max)
        .optional(),
      keepAlive: KeepAliveSchema.nullable().optional(),
      preloadOnOpen: z.boolean().optional(),
    })
    .strict(),
);

export const SettingsSchema = matches<Settings>()(
  z
    .object({
      defaultModel: ModelNameSchema.nullable().optional(),
      defaultSystemPrompt: z.string().max(MAX_SYSTEM_PROMPT_CHARS).optional(),
      ...ModelSettingsSchema.shape,
      ...ImageSettingsSchema.shape,
      ...PresetSettingsSchema.shape,
    })
    .strict(),
);
