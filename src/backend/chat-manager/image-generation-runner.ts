/**
 * Runs one image answer, beside the text GenerationRunner and under the same queue: reads the
 * prompt (the user message the answer replies to), asks the model's backend for `count` images
 * (Ollama: one streamed /api/generate per image with step progress; an image server: one request,
 * no progress), checks that what came back is an image, stores the images as attachments of the
 * answer with the generation record, and reports how the run ended. The ChatManager settles it.
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sniffImageMime } from '../../shared/file-sniff';
import {
  IMAGE_DEFAULTS,
  type ImageGenerationRecord,
  type ImageOptions,
  imageFileName,
  parseImageSize,
} from '../../shared/image-api';
import { IMAGE_ERROR_MESSAGES } from '../error-hints';
import { ImageGenerationError } from '../errors';
import type { History, NewAttachment } from '../history-manager';
import type { ImageBackends, ResolvedImageModel } from '../image-generation';
import type { ModelCatalog } from '../model-manager';
import type { OllamaGateway } from '../ollama-client';
import type { Generation } from './generation';
import type { RunEnd } from './generation-outcome';

export interface ImageRunnerOptions {
  imageTimeoutMs: number;
}

const SEED_MAX = 2 ** 32 - 1;

export class ImageGenerationRunner {
  constructor(
    private readonly history: History,
    private readonly ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
    readonly backends: ImageBackends,
    private readonly opts: ImageRunnerOptions,
  ) {}

  async run(g: Generation, resolved: ResolvedImageModel): Promise<RunEnd> {
    try {
      g.setStatus('streaming');
      const startedAt = new Date().toISOString();
      const started = performance.now();
      const message = await this.history.messages.get(g.id);
      const prompt = message.parentId ? (await this.history.messages.get(message.parentId)).content.trim() : '';
      const options: ImageOptions = { ...g.image };
      const count = options.count ?? IMAGE_DEFAULTS.count;
      const seed = options.seed ?? randomInt(0, SEED_MAX);
      const size = options.size ?? IMAGE_DEFAULTS.size;
      g.setImageProgress({ completed: null, total: null, image: 1, count, startedAt });

      let images: Buffer[];
      let steps = 0;
      let revisedPrompt: string | undefined;
      if (resolved.backend === 'ollama') {
        const made = await this.fromOllama(g, resolved.model, prompt, { ...options, size }, seed, count, startedAt);
        images = made.images;
        steps = made.steps;
      } else {
        const answer = await resolved.client.generate({
          model: resolved.model,
          prompt,
          n: count,
          size,
          seed,
          signal: g.signal,
        });
        images = answer.images;
        revisedPrompt = answer.revisedPrompt;
      }
      const durationMs = performance.now() - started;
      const attachments = images.map((bytes, i) => this.toAttachment(bytes, resolved, prompt, seed, i, images.length));
      const record: ImageGenerationRecord = {
        backend: resolved.backend,
        model: resolved.model,
        parameters: { size, count, ...(options.steps !== undefined ? { steps: options.steps } : {}), seed },
        seed,
        prompt,
        ...(revisedPrompt ? { revisedPrompt } : {}),
        startedAt,
        durationMs: Math.round(durationMs),
        images: attachments.length,
        secondsPerImage: attachments.length > 0 ? round2(durationMs / 1000 / attachments.length) : null,
        stepsPerSecond: steps > 0 && durationMs > 0 ? round2(steps / (durationMs / 1000)) : null,
      };
      await this.history.images.save(g.id, attachments, record);
      return {
        kind: 'done',
        metrics: null,
        modelDigest: resolved.backend === 'ollama' ? (this.catalog.peek(resolved.model)?.digest ?? null) : null,
      };
    } catch (error) {
      return { kind: 'failed', error: await this.explain(error, g), stopReason: g.stopReason };
    }
  }

  /**
   * A model of the image server while none is configured (its URL was removed): it is no Ollama
   * model, and the server listed it earlier in this run or made an image answer of it before.
   */
  async isUnconfiguredServerModel(model: string): Promise<boolean> {
    if ((await this.backends.client()) !== null) return false;
    const known = await this.catalog.known(model).catch(() => undefined);
    if (known) return false;
    if (this.backends.isImageModelCached(model)) return true;
    return (await this.history.images.lastBackend(model)) === 'image-server';
  }

  /** The answer of such a model: it says no image server is configured and where to set one. */
  notConfigured(g: Generation): RunEnd {
    return {
      kind: 'failed',
      error: new ImageGenerationError('image_server_not_configured', IMAGE_ERROR_MESSAGES.notConfigured(g.model), {
        model: g.model,
      }),
      stopReason: g.stopReason,
    };
  }

  /** One /api/generate per image (Ollama makes one per request), seeds counting up from `seed`. */
  private async fromOllama(
    g: Generation,
    model: string,
    prompt: string,
    options: ImageOptions & { size: string },
    seed: number,
    count: number,
    startedAt: string,
  ): Promise<{ images: Buffer[]; steps: number }> {
    const generateImage = this.ollama.generateImage?.bind(this.ollama);
    if (!generateImage)
      throw new ImageGenerationError(
        'image_generation_unsupported',
        IMAGE_ERROR_MESSAGES.ollamaUnsupported(model, null),
      );
    const dims = parseImageSize(options.size);
    const timeout = AbortSignal.timeout(this.opts.imageTimeoutMs);
    const signal = AbortSignal.any([g.signal, timeout]);
    const images: Buffer[] = [];
    let steps = 0;
    try {
      for (let i = 0; i < count; i++) {
        let image: string | null = null;
        for await (const part of generateImage({
          model,
          prompt,
          ...(dims ? { width: dims.width, height: dims.height } : {}),
          ...(options.steps !== undefined ? { steps: options.steps } : {}),
          seed: (seed + i) % (SEED_MAX + 1),
          signal,
        })) {
          if (part.kind === 'progress') {
            g.setImageProgress({ completed: part.completed, total: part.total, image: i + 1, count, startedAt });
          } else {
            image = part.image;
            steps += g.imageProgress?.total ?? 0;
          }
        }
        if (image === null)
          throw new ImageGenerationError('image_bad_response', IMAGE_ERROR_MESSAGES.ollamaNoImage(model));
        images.push(Buffer.from(image, 'base64'));
      }
    } catch (err) {
      if (timeout.aborted && !g.signal.aborted) {
        throw new ImageGenerationError(
          'image_timeout',
          IMAGE_ERROR_MESSAGES.timeout('Ollama', Math.round(this.opts.imageTimeoutMs / 1000)),
          { timeoutMs: this.opts.imageTimeoutMs },
          { setting: 'IMAGE_TIMEOUT_MS', limit: this.opts.imageTimeoutMs },
        );
      }
      throw err;
    }
    return { images, steps };
  }

  private toAttachment(
    bytes: Buffer,
    resolved: ResolvedImageModel,
    prompt: string,
    seed: number,
    index: number,
    count: number,
  ): NewAttachment {
    const mime = sniffImageMime(bytes);
    if (mime === null) {
      const where = resolved.backend === 'ollama' ? 'Ollama' : resolved.client.baseUrl;
      throw new ImageGenerationError(
        'image_bad_response',
        IMAGE_ERROR_MESSAGES.badResponse(where, 'b64_json is not a PNG, JPEG, GIF or WebP image'),
      );
    }
    const name = imageFileName(prompt, resolved.backend === 'ollama' ? seed + index : seed, index, count);
    return {
      kind: 'image',
      name: mime === 'image/png' ? name : name.replace(/\.png$/, `.${mime.slice(6)}`),
      mime,
      data: bytes,
    };
  }

  /** An Ollama that no longer runs image models: say which version it is (one extra call, only on this failure). */
  private async explain(error: unknown, g: Generation): Promise<unknown> {
    if (!(error instanceof ImageGenerationError) || error.code !== 'image_generation_unsupported') return error;
    const version = await this.ollama.version().catch(() => null);
    return new ImageGenerationError(
      'image_generation_unsupported',
      IMAGE_ERROR_MESSAGES.ollamaUnsupported(g.model, version),
      { model: g.model, ollamaVersion: version },
    );
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
