/**
 * POST /api/generate for image models, as the Ollama version the fake reports behaved:
 * 0.14.3 ≤ v < 0.32.6 streamed `completed`/`total` step lines and a final line with `image`
 * (base64 PNG); later versions answer 400 "image generation models are not currently supported".
 */
import type { ServerResponse } from 'node:http';
import { makePng } from '../png';
import type { ModelCatalogue } from './catalogue';
import type { Generation } from './generation';
import { goUtcTime, JSON_TYPE, NDJSON_TYPE, ndjsonLine, sendError } from './wire';

export const IMAGE_UNSUPPORTED_ERROR = 'image generation models are not currently supported';

/** The first and the first-without versions of Ollama's image generation. */
const FIRST = [0, 14, 3] as const;
const REMOVED = [0, 32, 6] as const;

function parts(version: string): number[] {
  return version
    .split(/[.-]/)
    .slice(0, 3)
    .map((p) => Number.parseInt(p, 10) || 0);
}

function below(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

export function versionMakesImages(version: string): boolean {
  const v = parts(version);
  return !below(v, FIRST) && below(v, REMOVED);
}

export interface ImageDeps {
  catalogue: ModelCatalogue;
  version: () => string;
  /** Pause between step lines (image-slow models use `slowStepDelayMs`). */
  stepDelayMs: number;
  slowStepDelayMs: number;
  startGeneration: (res: ServerResponse, model: string) => Generation;
}

interface GenerateIn {
  model: string;
  prompt: string;
  width?: number;
  height?: number;
  steps?: number;
  stream: boolean;
  seed?: number;
}

function decode(body: string): GenerateIn | string {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return 'invalid character in request body';
  }
  if (typeof raw !== 'object' || raw === null) return 'missing request body';
  const r = raw as Record<string, unknown>;
  if (typeof r.model !== 'string' || r.model === '') return 'model is required';
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const options = (typeof r.options === 'object' && r.options !== null ? r.options : {}) as Record<string, unknown>;
  return {
    model: r.model,
    prompt: typeof r.prompt === 'string' ? r.prompt : '',
    width: num(r.width),
    height: num(r.height),
    steps: num(r.steps),
    stream: r.stream !== false,
    seed: num(options.seed),
  };
}

export async function handleGenerate(body: string, res: ServerResponse, deps: ImageDeps): Promise<void> {
  const req = decode(body);
  if (typeof req === 'string') return sendError(res, 400, req);
  const model = deps.catalogue.find(req.model);
  if (!model) return sendError(res, 404, `model '${req.model}' not found`);
  if (!model.capabilities.includes('image')) {
    return sendError(res, 400, `fake-ollama: /api/generate serves image models only`);
  }
  if (!versionMakesImages(deps.version())) return sendError(res, 400, IMAGE_UNSUPPORTED_ERROR);

  const steps = Math.max(1, Math.min(150, req.steps ?? 4));
  const delay = model.behaviour === 'image-slow' ? deps.slowStepDelayMs : deps.stepDelayMs;
  const gen = deps.startGeneration(res, model.name);
  const started = Date.now();
  res.writeHead(200, { 'Content-Type': req.stream ? NDJSON_TYPE : JSON_TYPE });
  if (req.stream) {
    for (let i = 1; i <= steps; i++) {
      if (delay > 0 && !(await gen.sleep(delay))) return;
      const line = { model: req.model, created_at: goUtcTime(), response: '', done: false, completed: i, total: steps };
      if (!(await gen.write(ndjsonLine(line)))) return;
      gen.record.chunksSent += 1;
    }
  }
  const png = makePng(req.prompt, req.seed ?? 0, (req.width ?? 1024) / 32, (req.height ?? 1024) / 32);
  const final = {
    model: req.model,
    created_at: goUtcTime(),
    response: '',
    done: true,
    done_reason: 'stop',
    image: png.toString('base64'),
    total_duration: Math.max(1, Date.now() - started) * 1e6,
  };
  res.end(ndjsonLine(final));
  gen.end('done');
}
