/** Schemas of presets, the settings they use, and the parameters recorded with each answer. */
import * as z from 'zod';
import { type GenerationParams, type PresetSettings, THINK_LEVELS } from '../../shared/api';
import { MAX_ID_CHARS, MAX_SYSTEM_PROMPT_CHARS } from '../../shared/limits';
import {
  type ApplyPresetBody,
  type CreatePresetBody,
  type DefaultPresetBody,
  PRESET_NAME_MAX_CHARS,
  type UpdatePresetBody,
} from '../../shared/presets-api';
import { KeepAliveSchema, ModelNameSchema } from './common';
import { matches } from './contract-check';
import { ChatOptionsSchema } from './parameters';

const nameField = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  .max(PRESET_NAME_MAX_CHARS, `name must be at most ${PRESET_NAME_MAX_CHARS} characters`);
const systemPromptField = z
  .string()
  .max(MAX_SYSTEM_PROMPT_CHARS, `systemPrompt must be at most ${MAX_SYSTEM_PROMPT_CHARS} characters`);
const idField = z.string().min(1).max(MAX_ID_CHARS);

export const CreatePresetBodySchema = matches<CreatePresetBody>()(
  z
    .object({
      name: nameField,
      systemPrompt: systemPromptField.optional(),
      model: ModelNameSchema.nullable().optional(),
      options: ChatOptionsSchema.optional(),
    })
    .strict(),
);

export const UpdatePresetBodySchema = matches<UpdatePresetBody>()(
  z
    .object({
      name: nameField.optional(),
      systemPrompt: systemPromptField.optional(),
      model: ModelNameSchema.nullable().optional(),
      options: ChatOptionsSchema.optional(),
    })
    .strict(),
);

export const DefaultPresetBodySchema = matches<DefaultPresetBody>()(
  z.object({ presetId: idField.nullable() }).strict(),
);

export const ApplyPresetBodySchema = matches<ApplyPresetBody>()(z.object({ chatId: idField }).strict());

export const PresetSettingsSchema = matches<PresetSettings>()(
  z
    .object({
      defaultPresetId: idField.nullable().optional(),
      generateTitles: z.boolean().optional(),
      titleModel: ModelNameSchema.nullable().optional(),
    })
    .strict(),
);

export const GenerationParamsSchema = matches<GenerationParams>()(
  z.object({
    model: z.string(),
    options: ChatOptionsSchema.omit({ think: true, keep_alive: true, format: true }),
    think: z.union([z.boolean(), z.enum(THINK_LEVELS)]).optional(),
    format: z.literal('json').optional(),
    keepAlive: KeepAliveSchema.optional(),
    numCtx: z.number().nullable(),
  }),
);
