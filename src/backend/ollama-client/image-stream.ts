/**
 * One streamed /api/generate of an image model (Ollama 0.14.3 – 0.32.x): `completed`/`total` step
 * lines, then a final line carrying `image` (base64 PNG). Newer Ollama answers 400 "image generation
 * models are not currently supported", classified here as image_generation_unsupported.
 */
import type { GenerateResponse } from 'ollama/browser';
import { IMAGE_ERROR_MESSAGES } from '../error-hints';
import { ImageGenerationError } from '../errors';
import { classifyOllamaFailure } from './classify-error';
import type { FetchFn } from './fetch-wrappers';
import { ollamaStream } from './ndjson-stream';
import type { ImageStreamPart, ImageStreamRequest } from './types';

const UNSUPPORTED = /image generation models are not currently supported/i;

/** Thrown when the caller's signal aborts the stream (name === 'AbortError', like fetch's). */
class ImageStreamAbortError extends Error {
  constructor(reason: unknown) {
    super('The image stream was aborted', { cause: reason });
    this.name = 'AbortError';
  }
}

function isUnsupported(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const status = (err as { status_code?: unknown }).status_code;
  return err.name === 'ResponseError' && status === 400 && UNSUPPORTED.test(err.message.slice(0, 500));
}

export async function* streamImage(
  host: string,
  baseFetch: FetchFn,
  request: ImageStreamRequest,
): AsyncGenerator<ImageStreamPart, void, undefined> {
  const { signal } = request;
  if (signal.aborted) throw new ImageStreamAbortError(signal.reason);
  try {
    const lines = ollamaStream({
      host,
      baseFetch,
      signal,
      send: (ollama) =>
        ollama.generate({
          model: request.model,
          prompt: request.prompt,
          stream: true,
          ...(request.width !== undefined ? { width: request.width } : {}),
          ...(request.height !== undefined ? { height: request.height } : {}),
          ...(request.steps !== undefined ? { steps: request.steps } : {}),
          ...(request.seed !== undefined ? { options: { seed: request.seed } } : {}),
          ...(request.keepAlive !== undefined ? { keep_alive: request.keepAlive } : {}),
        }),
      isLast: (line) => line.done === true,
      classify: (err, phase) =>
        isUnsupported(err)
          ? new ImageGenerationError(
              'image_generation_unsupported',
              IMAGE_ERROR_MESSAGES.ollamaUnsupported(request.model, null),
              { model: request.model },
            )
          : classifyOllamaFailure(err, { host, model: request.model, phase }),
    });
    for await (const line of lines) {
      const chunk = line as Partial<GenerateResponse>;
      if (typeof chunk.completed === 'number' || typeof chunk.total === 'number') {
        yield {
          kind: 'progress',
          completed: typeof chunk.completed === 'number' ? chunk.completed : 0,
          total: typeof chunk.total === 'number' ? chunk.total : null,
        };
      }
      if (chunk.done === true) {
        yield {
          kind: 'done',
          image: typeof chunk.image === 'string' && chunk.image !== '' ? chunk.image : null,
          totalDurationMs: typeof chunk.total_duration === 'number' ? chunk.total_duration / 1e6 : null,
        };
        return;
      }
    }
  } catch (err) {
    if (signal.aborted) throw new ImageStreamAbortError(signal.reason);
    throw err;
  }
}
