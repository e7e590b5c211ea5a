/**
 * Chat sessions and their answers (DESIGN §4): accepts messages (one request per chat at a time),
 * stores them before anything can fail, schedules generations through the GenerationQueue, hands
 * each to the GenerationRunner (independently of any browser), settles how it ended through
 * generation-outcome.ts, and lets any number of SSE subscribers attach.
 */
import { setImmediate as afterPendingIo } from 'node:timers/promises';
import type {
  ChatOptions,
  GenerationInfo,
  Message,
  ModelSummary,
  RegenerateResponse,
  SendMessageBody,
  SendMessageResponse,
} from '../../shared/api';
import { ERROR_CODES } from '../../shared/error-codes';
import { type ImageOptions, isImageModel } from '../../shared/image-api';
import { canonicalModelName } from '../../shared/model-name';
import type { AppConfig } from '../../utils/config';
import { KeyedMutex } from '../../utils/keyed-mutex';
import type { Logger } from '../../utils/logger';
import { IMAGE_ERROR_MESSAGES } from '../error-hints';
import { ConflictError, OllamaError, ValidationError } from '../errors';
import type { ChatRecord, History } from '../history-manager';
import type { ImageBackends } from '../image-generation';
import type { ModelCatalog } from '../model-manager';
import type { OllamaGateway } from '../ollama-client';
import { decodeAttachments } from './attachment-decoder';
import { Generation, type StreamEvent } from './generation';
import { endingOf, finalEvent, finalEventOfStored, type RunEnd } from './generation-outcome';
import { GenerationQueue } from './generation-queue';
import { GenerationRunner } from './generation-runner';
import { ImageGenerationRunner } from './image-generation-runner';
import { RunnerSwitch } from './runner-switch';
import { logStoreFailure } from './store-failure-log';
import { TitleGenerator } from './title-generator';

export type ChatManagerOptions = Pick<
  AppConfig,
  | 'maxConcurrentGenerations'
  | 'maxQueuedGenerations'
  | 'firstTokenTimeoutMs'
  | 'streamIdleTimeoutMs'
  | 'flushIntervalMs'
  | 'deltaCoalesceMs'
>;

const DEFAULT_TITLE = 'New chat';

/** How long a send waits for Ollama's model list (a model not in the cache) before it stores the message anyway. */
const MODEL_CHECK_WAIT_MS = 2_000;

/** `promise`'s value, or undefined once `ms` have passed without one. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export class ChatManager {
  private readonly queue: GenerationQueue;
  private readonly runner: RunnerSwitch;
  private readonly titles: TitleGenerator;
  private readonly runs = new Set<Promise<void>>();
  private readonly chatLocks = new KeyedMutex();
  private readonly accepting = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly history: History,
    ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
    private readonly opts: ChatManagerOptions,
    private readonly logger: Logger,
    extras: {
      /** Image answers (image-generation-runner.ts); without it an image model's answer fails as unsupported. */
      images?: { backends: ImageBackends; imageTimeoutMs: number };
      /** A chat got a generated title (published to every open GUI). */
      onChatTitled?: (chat: ChatRecord) => void;
    } = {},
  ) {
    const text = new GenerationRunner(history, ollama, catalog, opts, logger);
    const { images, onChatTitled = () => undefined } = extras;
    const image = images ? new ImageGenerationRunner(history, ollama, catalog, images.backends, images) : null;
    this.runner = new RunnerSwitch(text, image);
    this.queue = new GenerationQueue(opts.maxConcurrentGenerations, opts.maxQueuedGenerations, (g) => {
      // Started once the current task is done: the request that queued it (a send's 202) is written first, and
      // the client can subscribe while the context is read and Ollama's request is built. Measured against the
      // built server: the send's own server time 1.56 → 1.03 ms, POST → 202 at the client 1.89 → 1.78 ms.
      const run = afterPendingIo()
        .then(() => this.runner.run(g))
        .then((end) => this.settle(g, end));
      this.runs.add(run);
      return run.finally(() => this.runs.delete(run));
    });
    this.titles = new TitleGenerator(history, ollama, this.queue, opts, logger, onChatTitled);
  }

  async sendMessage(chatId: string, body: SendMessageBody): Promise<SendMessageResponse> {
    const attachments = await decodeAttachments(body.attachments);
    return this.accept(chatId, async () => {
      // Read inside the chat's lock, so two quick sends chain instead of forking the branch.
      const chat = await this.history.chats.get(chatId);
      const model = body.model ?? chat.model ?? (await this.history.settings.get()).defaultModel ?? null;
      if (!model) throw new ValidationError('Pick a model for this chat before sending a message.');
      await this.assertModelCanAnswer(
        model,
        attachments.some((a) => a.kind === 'image'),
      );
      const parentId = body.parentId === undefined ? chat.currentLeafId : body.parentId;
      // Stored with the messages, in the same UPDATE of the chat: a refused send leaves the chat as it was.
      const patch: { model?: string; title?: string } = {};
      if (body.model && body.model !== chat.model) patch.model = body.model;
      if (chat.title === DEFAULT_TITLE && chat.currentLeafId === null && body.content.trim()) {
        patch.title = titleFrom(body.content);
      }
      const [userMessage, assistantMessage] = (await this.withQueueSlot(chatId, () =>
        this.history.messages.append(
          chatId,
          parentId,
          [
            { role: 'user', content: body.content, status: 'complete', options: body.options, attachments },
            { role: 'assistant', content: '', status: 'queued', model, options: body.options },
          ],
          patch,
        ),
      )) as [Message, Message];
      this.schedule(assistantMessage, model, body.options, false, body.image);
      return { userMessage, assistantMessage, generationId: assistantMessage.id };
    });
  }

  /** A new answer to the same user message, as a sibling of `messageId`. */
  async regenerate(messageId: string, model?: string): Promise<RegenerateResponse> {
    const old = await this.history.messages.get(messageId);
    if (old.role !== 'assistant' || old.parentId === null) {
      throw new ValidationError('Only an assistant answer can be regenerated.');
    }
    const parentId = old.parentId;
    return this.accept(old.chatId, async () => {
      const chat = await this.history.chats.get(old.chatId);
      const useModel = model ?? chat.model ?? old.model;
      if (!useModel) throw new ValidationError('Pick a model for this chat before regenerating.');
      const parent = await this.history.messages.get(parentId);
      await this.assertModelCanAnswer(
        useModel,
        parent.attachments.some((a) => a.kind === 'image'),
      );
      const [assistantMessage] = (await this.withQueueSlot(old.chatId, () =>
        this.history.messages.append(old.chatId, parentId, [
          { role: 'assistant', content: '', status: 'queued', model: useModel },
        ]),
      )) as [Message];
      // An image answer's sibling keeps size, steps and count, with another seed.
      const { seed: _seed, ...image } = old.imageGeneration?.parameters ?? {};
      this.schedule(assistantMessage, useModel, undefined, false, image);
      return { assistantMessage, generationId: assistantMessage.id };
    });
  }

  /** Continues an interrupted, cancelled or failed answer in place. */
  async continueAnswer(messageId: string): Promise<RegenerateResponse> {
    const first = await this.history.messages.get(messageId);
    if (first.role !== 'assistant') throw new ValidationError('Only an assistant answer can be continued.');
    return this.accept(first.chatId, async () => {
      const msg = await this.history.messages.get(messageId);
      if (this.queue.get(messageId)) throw new ConflictError('This answer is still being generated.');
      if (msg.status === 'complete' && msg.metrics?.doneReason !== 'length') {
        throw new ConflictError('This answer is already complete.', { text: 'Regenerate it to get a new answer.' });
      }
      const model = msg.model ?? (await this.history.chats.get(msg.chatId)).model;
      if (!model) throw new ValidationError('Pick a model for this chat before continuing.');
      await this.withQueueSlot(msg.chatId, async () => {
        await this.history.messages.saveProgress(msg.id, {
          content: msg.content,
          thinking: msg.thinking,
          status: 'queued',
        });
        await this.history.chats.setCurrentLeaf(msg.chatId, msg.id);
      });
      this.schedule(msg, model, undefined, true);
      const assistantMessage = await this.history.messages.get(msg.id);
      return { assistantMessage, generationId: msg.id };
    });
  }

  async cancel(generationId: string): Promise<void> {
    const g = this.queue.get(generationId);
    if (!g) {
      await this.history.messages.get(generationId); // 404 for an unknown id
      throw new ConflictError('This answer is not being generated any more.');
    }
    if (this.queue.removeWaiting(g.id)) {
      await this.settle(g, { kind: 'unstarted', stopReason: 'cancel' });
      return;
    }
    g.abort('cancel');
  }

  /** Cancels the chat's answers (they would write into rows about to go), then deletes the chat. */
  async deleteChat(chatId: string): Promise<void> {
    await this.history.chats.get(chatId); // 404 before anything is cancelled
    for (const g of this.queue.list().filter((g) => g.chatId === chatId)) {
      await this.cancel(g.id).catch(() => undefined);
    }
    await this.history.chats.delete(chatId);
  }

  /**
   * The SSE events of a generation: live if it runs or waits, else the stored answer and its final
   * event. Checks the id first, so a caller can answer 404 / 400 as JSON before its stream starts.
   */
  async openEvents(generationId: string): Promise<(signal: AbortSignal) => AsyncGenerator<StreamEvent>> {
    if (!this.queue.get(generationId)) {
      const message = await this.history.messages.get(generationId);
      if (message.role !== 'assistant') throw new ValidationError('Only assistant answers have generation events.');
    }
    return (signal) => this.events(generationId, signal);
  }

  private async *events(generationId: string, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const live = this.queue.get(generationId);
    if (live) {
      const sub = live.subscribe();
      const onAbort = () => sub.close();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        yield* sub.events();
      } finally {
        signal.removeEventListener('abort', onAbort);
        sub.close();
      }
      return;
    }
    // Ended between openEvents and now, or never live in this process: the stored end.
    const msg = await this.history.messages.get(generationId);
    yield {
      type: 'snapshot',
      data: { messageId: msg.id, content: msg.content, thinking: msg.thinking, status: msg.status },
    };
    yield finalEventOfStored(msg);
  }

  listGenerations(): GenerationInfo[] {
    return this.queue.list().map((g) => ({
      id: g.id,
      chatId: g.chatId,
      messageId: g.id,
      model: g.model,
      status: g.status === 'streaming' ? 'streaming' : 'queued',
    }));
  }

  /** True while an answer of this model (any spelling of its name) is queued or streaming. */
  isModelGenerating(model: string): boolean {
    const wanted = canonicalModelName(model);
    return this.queue.list().some((g) => canonicalModelName(g.model) === wanted);
  }

  /** Runs `fn` in the chat's turn (after what was accepted before), given the ids of its answers queued or streaming. */
  exclusive<T>(chatId: string, fn: (running: ReadonlySet<string>) => Promise<T>): Promise<T> {
    return this.accept(chatId, () =>
      fn(new Set(this.queue.list().flatMap((g) => (g.chatId === chatId ? [g.id] : [])))),
    );
  }

  isChatGenerating(chatId: string): boolean {
    return this.queue.isChatBusy(chatId);
  }

  /** Aborts everything; partial answers are flushed and marked interrupted. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.titles.shutdown();
    await Promise.all([...this.accepting]);
    for (const g of this.queue.drainWaiting()) await this.settle(g, { kind: 'unstarted', stopReason: 'shutdown' });
    for (const g of this.queue.list()) g.abort('shutdown');
    await Promise.allSettled([...this.runs]);
  }

  private assertAccepting(): void {
    if (this.stopping)
      throw new ConflictError('The server is shutting down.', {
        text: 'Try again once it has restarted.',
        action: 'retry',
      });
  }

  /**
   * One accepted request (send, regenerate, continue) at a time per chat, so each reads the
   * branch the previous one left; shutdown waits for accepts already under way.
   */
  private accept<T>(chatId: string, fn: () => Promise<T>): Promise<T> {
    this.assertAccepting();
    const work = this.chatLocks.run(chatId, async () => {
      this.assertAccepting();
      return fn();
    });
    const tracked = work.then(
      () => undefined,
      () => undefined,
    );
    this.accepting.add(tracked);
    void tracked.finally(() => this.accepting.delete(tracked));
    return work;
  }

  /** Holds a place in the bounded queue while the messages are stored, so concurrent sends can't overshoot it. */
  private async withQueueSlot<T>(chatId: string, store: () => Promise<T>): Promise<T> {
    const release = this.queue.reserve(chatId);
    try {
      return await store();
    } finally {
      release();
    }
  }

  private schedule(
    message: Message,
    model: string,
    options?: ChatOptions,
    continuing = false,
    image?: ImageOptions,
  ): void {
    const g = new Generation(
      {
        id: message.id,
        chatId: message.chatId,
        model,
        options,
        initialContent: message.content,
        initialThinking: message.thinking,
        continuing,
        image,
        parentId: message.parentId,
      },
      this.opts.deltaCoalesceMs,
    );
    this.queue.add(g);
  }

  /** Refuses, before anything is stored, what Ollama could never answer. Unknown models fail on the answer. */
  private async assertModelCanAnswer(model: string, hasImages: boolean): Promise<void> {
    // The check must not hold up storing the user's message: a cached entry answers at once, and a model not
    // seen yet waits for Ollama no longer than MODEL_CHECK_WAIT_MS (a host that accepts and never answers
    // would have held the send for the client's 10 s). Whatever the check lets through, the answer reports.
    let summary: ModelSummary | undefined;
    try {
      summary = await withDeadline(this.catalog.known(model), MODEL_CHECK_WAIT_MS);
    } catch (err) {
      // Ollama is down: accept the message; its answer will say so.
      this.logger.debug({ err }, 'model check skipped');
      return;
    }
    if (!summary) return;
    if (!summary.canChat && !isImageModel(summary.capabilities)) {
      throw new OllamaError(
        ERROR_CODES.modelIncapable,
        IMAGE_ERROR_MESSAGES.embeddingNoChat(summary.name),
        undefined,
        undefined,
        { text: 'Pick a chat model instead.', action: 'switch_model' },
      );
    }
    if (hasImages && !summary.capabilities.includes('vision')) {
      throw new OllamaError(ERROR_CODES.modelIncapable, `${summary.name} can't see images.`, undefined, undefined, {
        text: 'Remove the image, or pick a model with vision (e.g. llava).',
        action: 'switch_model',
      });
    }
  }

  /**
   * Stores how a generation ended and sends its final event; every ending (done, failed, cancelled,
   * interrupted, started or not) goes through here, classified by generation-outcome.ts.
   */
  private async settle(g: Generation, end: RunEnd): Promise<void> {
    const ending = endingOf(end);
    if (ending.failure) {
      if (end.kind === 'failed' && ending.unexpected) {
        this.logger.error({ err: end.error, generation: g.id }, 'generation failed unexpectedly');
      }
      if (ending.failure.code === ERROR_CODES.modelNotFound) this.catalog.invalidate();
    }
    let stored: Message | null = null;
    try {
      stored = await this.history.messages.finish(g.id, {
        content: g.content,
        thinking: g.thinking,
        status: ending.status,
        error: ending.error,
        metrics: ending.metrics,
        ...(ending.modelDigest !== undefined ? { modelDigest: ending.modelDigest } : {}),
        ...(g.params ? { params: g.params } : {}),
      });
    } catch (err) {
      // A complete answer that could not be stored is an error of that answer, stored as one if possible.
      if (ending.status === 'complete') return this.settle(g, { kind: 'failed', error: err, stopReason: null });
      logStoreFailure(this.logger, err, g.id, 'could not store the end of an answer');
    }
    // A done event carries the stored message and its status; the other endings announce theirs.
    if (ending.status !== 'complete') g.setStatus(ending.status);
    g.finish(finalEvent(ending, stored));
    if (ending.status === 'complete' && stored) void this.titles.afterAnswer(g.chatId, g.model);
    if (ending.status === 'complete' && ending.modelDigest) {
      // Bookkeeping: a failure here must not turn a stored, complete answer into an error.
      await this.history.models
        .recordSeen(g.model, ending.modelDigest)
        .catch((err: unknown) => this.logger.warn({ err, model: g.model }, 'could not record the model version'));
    }
  }
}

function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || DEFAULT_TITLE;
}
