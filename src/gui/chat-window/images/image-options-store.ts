/**
 * The image options the composer shows for an image model (size, steps, seed, count), kept across
 * chats and reloads in localStorage, and what a send adds to its request when the model makes images.
 */
import { create } from 'zustand';
import type { ModelSummary } from '../../../shared/api';
import {
  IMAGE_DEFAULTS,
  IMAGE_OPTION_SUPPORT,
  type ImageOptions,
  isImageModel,
  type ModelBackend,
} from '../../../shared/image-api';
import { findModel } from '../../model-selector/model-names';

const KEY = 'ollama-chat:image-options';

function read(): ImageOptions {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as ImageOptions) : {};
  } catch {
    return {};
  }
}

interface ImageOptionsState {
  options: ImageOptions;
  set: (patch: Partial<ImageOptions>) => void;
}

export const useImageOptions = create<ImageOptionsState>((setState, get) => ({
  options: { size: IMAGE_DEFAULTS.size, count: IMAGE_DEFAULTS.count, ...read() },
  set: (patch) => {
    const options = { ...get().options, ...patch };
    for (const key of Object.keys(options) as (keyof ImageOptions)[]) {
      if (options[key] === undefined) delete options[key];
    }
    setState({ options });
    try {
      window.localStorage.setItem(KEY, JSON.stringify(options));
    } catch {
      // private mode: the options last for this session
    }
  },
}));

/** The image model entry of `name`, or undefined when it is not one (or the list has not loaded). */
export function imageModelOf(models: readonly ModelSummary[] | undefined, name: string | null | undefined) {
  const model = findModel(models, name);
  return model && isImageModel(model.capabilities) ? model : undefined;
}

export const backendOf = (model: ModelSummary): ModelBackend => model.backend ?? 'ollama';

/** What a send to `name` carries: the stored options the model's backend understands; none for other models. */
export function imageSendOptions(
  models: readonly ModelSummary[] | undefined,
  name: string | null | undefined,
): ImageOptions | undefined {
  const model = imageModelOf(models, name);
  if (!model) return undefined;
  const supported = IMAGE_OPTION_SUPPORT[backendOf(model)];
  const { options } = useImageOptions.getState();
  return Object.fromEntries(
    Object.entries(options).filter(([k, v]) => v !== undefined && supported.includes(k as keyof ImageOptions)),
  ) as ImageOptions;
}
