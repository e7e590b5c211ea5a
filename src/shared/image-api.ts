/**
 * Wire contract of image generation: how a model is classified by the capabilities its backend
 * reports, the options an image answer takes, the record stored with each image answer, and the
 * `progress` SSE event. Plain types and pure helpers, no zod (schemas: src/backend/schemas/images.ts).
 */

/** Where a model runs: the Ollama server, or the OpenAI-compatible image server of IMAGE_SERVER_URL. */
export const MODEL_BACKENDS = ['ollama', 'image-server'] as const;
export type ModelBackend = (typeof MODEL_BACKENDS)[number];

/** What a model is for, derived from its capabilities (never from "it has no completion"). */
export const MODEL_KINDS = ['chat', 'image', 'embedding', 'other'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * `image` wins over everything (such a model makes pictures, whatever else it lists); a model with
 * `completion` chats; `embedding` without `completion` only embeds. An empty list is what older
 * Ollama servers report before /api/show filled it in: treated as a chat model.
 */
export function modelKind(capabilities: readonly string[]): ModelKind {
  if (capabilities.includes('image')) return 'image';
  if (capabilities.includes('completion') || capabilities.length === 0) return 'chat';
  if (capabilities.includes('embedding')) return 'embedding';
  return 'other';
}

export function isImageModel(capabilities: readonly string[]): boolean {
  return modelKind(capabilities) === 'image';
}

/** The image sizes offered in the GUI (OpenAI's `size` strings); any `WxH` within limits is accepted. */
export const IMAGE_SIZES = [
  '512x512',
  '768x768',
  '1024x1024',
  '1024x768',
  '768x1024',
  '1792x1024',
  '1024x1792',
] as const;
export const IMAGE_SIZE_PATTERN = /^([1-9][0-9]{1,4})x([1-9][0-9]{1,4})$/;

export const IMAGE_LIMITS = {
  side: { min: 64, max: 4096 },
  steps: { min: 1, max: 150 },
  count: { min: 1, max: 4 },
  /** Seeds are unsigned 32-bit, which every backend accepts. */
  seed: { min: 0, max: 4_294_967_295 },
} as const;

export const IMAGE_DEFAULTS = { size: '1024x1024', count: 1 } as const;

/** Options of one image answer; absent = the backend's default (a random seed). */
export interface ImageOptions {
  /** `WIDTHxHEIGHT`, e.g. `1024x1024`. */
  size?: string;
  /** Ollama image models only (OpenAI's API has no steps). */
  steps?: number;
  seed?: number;
  /** Images per answer; Ollama makes one per request, so several are requested one after another. */
  count?: number;
}

/** Which options each backend understands: the GUI shows only these. */
export const IMAGE_OPTION_SUPPORT: Record<ModelBackend, readonly (keyof ImageOptions)[]> = {
  ollama: ['size', 'steps', 'seed', 'count'],
  'image-server': ['size', 'seed', 'count'],
};

export function parseImageSize(size: string): { width: number; height: number } | null {
  const m = IMAGE_SIZE_PATTERN.exec(size);
  if (!m) return null;
  const width = Number(m[1]);
  const height = Number(m[2]);
  const { min, max } = IMAGE_LIMITS.side;
  if (width < min || width > max || height < min || height > max) return null;
  return { width, height };
}

/** What is stored with an image answer and shown in its info. */
export interface ImageGenerationRecord {
  backend: ModelBackend;
  model: string;
  /** The options as sent (size, steps, count), with the seed actually used. */
  parameters: ImageOptions;
  seed: number;
  /** The prompt as sent to the backend, and the server's rewrite of it when it made one. */
  prompt: string;
  revisedPrompt?: string;
  startedAt: string;
  /** From leaving the queue to the last image. */
  durationMs: number;
  images: number;
  secondsPerImage: number | null;
  /** Denoising steps per second (Ollama only: it reports steps). */
  stepsPerSecond: number | null;
}

/** SSE event `progress` of an image answer, also carried by its `snapshot` so a reload shows it. */
export interface ImageProgress {
  /** Steps done and planned for the current image; null when the backend reports none (indeterminate). */
  completed: number | null;
  total: number | null;
  /** Which image of `count` is being made (1-based). */
  image: number;
  count: number;
  /** When the generation left the queue, ISO: the GUI shows the elapsed time from it. */
  startedAt: string;
}

export const IMAGE_SSE_EVENTS = { progress: 'progress' } as const;

/** `<prompt-slug>-<seed>[-n].png`: a download name that says what the picture is. */
export function imageFileName(prompt: string, seed: number, index = 0, count = 1): string {
  const slug =
    prompt
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/g, '') || 'image';
  return count > 1 ? `${slug}-${seed}-${index + 1}.png` : `${slug}-${seed}.png`;
}

/** One row of `GET /api/models/:name/image-metrics`. */
export interface ImageMetricsSummary {
  model: string;
  answers: number;
  images: number;
  secondsPerImageMedian: number | null;
  stepsPerSecondMedian: number | null;
}

/** Part of `GET/PUT /api/settings`: the image server's URL (overrides IMAGE_SERVER_URL; null = use it). The key is never here. */
export interface ImageSettings {
  imageServerUrl?: string | null;
}

/** `GET /api/images/backends`: what the GUI may show about the image backends (never the key). */
export interface ImageBackendsInfo {
  imageServer: {
    url: string | null;
    /** From IMAGE_SERVER_URL (env) or from Settings. */
    source: 'env' | 'settings' | null;
    hasApiKey: boolean;
    models: number;
  };
}
