/** POST /api/chat: Ollama's checks and status codes, then the model's plan streamed as NDJSON (or one JSON object). */
import type { ServerResponse } from 'node:http';
import { type ChatPlan, MIDSTREAM_ERROR, type PlanOptions, planAnswer } from './answers';
import type { InstalledModel, ModelCatalogue } from './catalogue';
import { BadRequest, type ChatRequestIn, decodeChatRequest } from './chat-request';
import type { Generation } from './generation';
import { countPromptTokens } from './tokens';
import {
  chatChunk,
  type FinalMetrics,
  goJson,
  goUtcTime,
  JSON_TYPE,
  NDJSON_TYPE,
  ndjsonLine,
  sendError,
  sendJson,
} from './wire';

export interface ChatDeps {
  catalogue: ModelCatalogue;
  plan: PlanOptions;
  startGeneration(res: ServerResponse, model: string): Generation;
}

const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
const COLD_LOAD_NS = 1_021_577_458;
const WARM_LOAD_NS = 18_233_125;
const RUNNER_CRASH = 'llama runner process has terminated: exit status 2';

function capabilityError(req: ChatRequestIn, model: InstalledModel): string | null {
  const caps = model.capabilities;
  if (!caps.includes('completion')) return `${JSON.stringify(req.model)} does not support chat`;
  if (req.toolCount > 0 && !caps.includes('tools')) {
    return `registry.ollama.ai/library/${model.name} does not support tools`;
  }
  const wantsThinking = req.think !== undefined && req.think !== false;
  if (wantsThinking && !caps.includes('thinking')) return `${JSON.stringify(req.model)} does not support thinking`;
  return null;
}

function promptEvalCount(req: ChatRequestIn): number {
  return countPromptTokens(req.messages);
}

class MetricsClock {
  private readonly start = process.hrtime.bigint();
  private firstChunk: bigint | null = null;

  /** `loadNs` is reported as load_duration; `unwaitedNs` is the part of it the fake did not really wait. */
  constructor(
    private readonly loadNs: number,
    private readonly unwaitedNs: number,
    private readonly promptCount: number,
  ) {}

  chunkSent(): void {
    this.firstChunk ??= process.hrtime.bigint();
  }

  final(evalCount: number): FinalMetrics {
    const now = process.hrtime.bigint();
    const promptNs = this.promptCount * 1_412_345;
    return {
      total_duration: Number(now - this.start) + this.unwaitedNs + promptNs,
      load_duration: this.loadNs,
      prompt_eval_count: this.promptCount,
      prompt_eval_duration: promptNs,
      eval_count: evalCount,
      eval_duration: Math.max(1, Number(now - (this.firstChunk ?? now))),
    };
  }
}

/** Byte offsets that cut inside multibyte characters and across line ends, so reads never align with text. */
function awkwardCuts(body: Buffer): number[] {
  const cuts = new Set<number>();
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] ?? 0;
    if (byte >= 0xc0) cuts.add(i + 1);
    if (byte === 0x0a) {
      cuts.add(i - 4);
      cuts.add(i + 9);
    }
  }
  return [...cuts].filter((c) => c > 0 && c < body.length).sort((a, b) => a - b);
}

async function writeSplit(gen: Generation, body: Buffer, pauseMs: number): Promise<boolean> {
  let from = 0;
  for (const cut of [...awkwardCuts(body), body.length]) {
    if (!(await gen.write(body.subarray(from, cut)))) return false;
    from = cut;
    if (cut < body.length && !(await gen.sleep(pauseMs))) return false;
  }
  return true;
}

async function streamPlan(
  res: ServerResponse,
  gen: Generation,
  req: ChatRequestIn,
  plan: ChatPlan,
  clock: MetricsClock,
): Promise<void> {
  res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
  const line = (i: number) => {
    const t = plan.tokens[i] ?? { content: '', thinking: '' };
    return ndjsonLine(chatChunk(req.model, { role: 'assistant', content: t.content, thinking: t.thinking }, false));
  };
  let sent = 0;
  if (plan.write === 'split-bytes') {
    const body = Buffer.from(plan.tokens.map((_, i) => line(i)).join(''), 'utf8');
    clock.chunkSent();
    if (!(await writeSplit(gen, body, 8))) return;
    sent = plan.tokens.length;
  } else if (plan.write === 'batched') {
    let batch = '';
    for (let i = 0; i < plan.tokens.length; i++) {
      batch += line(i);
      if (batch.length >= 64 * 1024 || i === plan.tokens.length - 1) {
        clock.chunkSent();
        if (!(await gen.write(batch))) return;
        gen.record.chunksSent = sent = i + 1;
        batch = '';
        await new Promise((resolve) => setImmediate(resolve));
        if (!gen.active) return;
      }
    }
  } else {
    for (let i = 0; i < plan.tokens.length; i++) {
      if (i > 0 && plan.tokenDelayMs > 0 && !(await gen.sleep(plan.tokenDelayMs))) return;
      clock.chunkSent();
      if (!(await gen.write(line(i)))) return;
      gen.record.chunksSent = sent = i + 1;
    }
  }
  gen.record.chunksSent = sent;

  switch (plan.ending) {
    case 'error':
      res.end(ndjsonLine({ error: MIDSTREAM_ERROR }));
      gen.end('error-line');
      return;
    case 'drop':
      // Give the chunks time to leave the socket, then cut it without finishing the chunked body.
      if (!(await gen.sleep(20))) return;
      gen.end('dropped');
      res.destroy();
      return;
    case 'stall':
    case 'hang':
      await gen.waitForClose();
      return;
    case 'malformed':
      await gen.write(
        `{"model":${goJson(req.model)},"created_at":"${goUtcTime()}","message":{"role":"assistant","content":"x"\n`,
      );
      await gen.write(line(0));
      res.end('garbage}} not json\n');
      gen.end('malformed');
      return;
    default: {
      const final = chatChunk(req.model, { role: 'assistant', content: '' }, true, 'stop', clock.final(sent));
      if (plan.write === 'split-bytes') {
        const buf = Buffer.from(ndjsonLine(final), 'utf8');
        if (!(await writeSplit(gen, buf, 8))) return;
        res.end();
      } else {
        res.end(ndjsonLine(final));
      }
      gen.end('done');
    }
  }
}

async function answerOnce(
  res: ServerResponse,
  gen: Generation,
  req: ChatRequestIn,
  plan: ChatPlan,
  clock: MetricsClock,
): Promise<void> {
  if (plan.ending === 'hang' || plan.ending === 'stall') return gen.waitForClose();
  if (plan.tokenDelayMs > 0 && !(await gen.sleep(plan.tokenDelayMs * plan.tokens.length))) return;
  if (plan.ending === 'error') {
    sendError(res, 500, MIDSTREAM_ERROR);
    gen.end('error-line');
    return;
  }
  if (plan.ending === 'drop') {
    gen.end('dropped');
    res.destroy();
    return;
  }
  if (plan.ending === 'malformed') {
    res.writeHead(200, { 'Content-Type': JSON_TYPE });
    res.end(`{"model":${goJson(req.model)},"message":{"role":"assistant","content":"x"`);
    gen.end('malformed');
    return;
  }
  clock.chunkSent();
  const content = plan.tokens.map((t) => t.content).join('');
  const thinking = plan.tokens.map((t) => t.thinking).join('');
  gen.record.chunksSent = plan.tokens.length;
  sendJson(
    res,
    200,
    chatChunk(req.model, { role: 'assistant', content, thinking }, true, 'stop', clock.final(plan.tokens.length)),
  );
  gen.end('done');
}

export async function handleChat(body: string, res: ServerResponse, deps: ChatDeps): Promise<void> {
  let req: ChatRequestIn;
  try {
    req = decodeChatRequest(body);
  } catch (err) {
    if (err instanceof BadRequest) return sendError(res, 400, err.message);
    throw err;
  }
  const model = deps.catalogue.find(req.model);
  if (!model) return sendError(res, 404, `model '${req.model}' not found`);
  const incapable = capabilityError(req, model);
  if (incapable) return sendError(res, 400, incapable);
  if (model.behaviour === 'http500') return sendError(res, 500, RUNNER_CRASH);

  const keepAliveMs = req.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  if (req.messages.length === 0) {
    // Load/unload forms answer with one JSON object even when stream is true.
    const unload = keepAliveMs === 0;
    if (unload) deps.catalogue.markUnloaded(model);
    else deps.catalogue.markLoaded(model, keepAliveMs, req.numCtx ?? 4096);
    return sendJson(
      res,
      200,
      chatChunk(req.model, { role: 'assistant', content: '' }, true, unload ? 'unload' : 'load'),
    );
  }

  const wasLoaded = deps.catalogue.isLoaded(model);
  deps.catalogue.markLoaded(model, keepAliveMs, req.numCtx ?? 4096);
  const thinkOn = model.capabilities.includes('thinking') && req.think !== false;
  const plan = planAnswer(model.behaviour, req.model, req.messages, thinkOn, deps.plan);
  const gen = deps.startGeneration(res, model.name);

  const unwaitedNs = plan.delayBeforeFirstMs > 0 ? 2_345_678 : wasLoaded ? WARM_LOAD_NS : COLD_LOAD_NS;
  const clock = new MetricsClock(plan.delayBeforeFirstMs * 1e6 + unwaitedNs, unwaitedNs, promptEvalCount(req));
  // Ollama loads the model before it writes anything, headers included.
  if (plan.delayBeforeFirstMs > 0 && !(await gen.sleep(plan.delayBeforeFirstMs))) return;

  if (plan.ending === 'hang') return gen.waitForClose();
  if (req.stream) await streamPlan(res, gen, req, plan, clock);
  else await answerOnce(res, gen, req, plan, clock);
  if (keepAliveMs === 0) deps.catalogue.markUnloaded(model);
}
