/**
 * Chat sessions and their answers (DESIGN §4): accepts messages, stores them before anything can
 * fail, schedules generations through the GenerationQueue, runs each one against Ollama
 * independently of any browser, and lets any number of SSE subscribers attach.
 */
import { performance } from 'node:perf_hooks';
import type {
  ChatOptions,
  ErrorInfo,
  GenerationInfo,
  Message,
  RegenerateResponse,
  SendMessageBody,
  SendMessageResponse,
} from '../../shared/api';
import { ERROR_CODES } from '../../shared/error-codes';
import type { AppConfig } from '../../utils/config';
import { KeyedMutex } from '../../utils/keyed-mutex';
import type { Logger } from '../../utils/logger';
import { AppError, ConflictError, NetworkError, OllamaError, ValidationError, isAppError } from '../errors';
import type { HistoryStore } from '../history-manager';
import { canonicalModelName, defaultKeepAlive, type ModelCatalog } from '../model-manager';
import type { ChatTurn, OllamaFinalCounters, OllamaGateway } from '../ollama-client';
import { logStoreFailure } from './store-failure-log';
import { decodeAttachments } from './attachment-decoder';
import { buildContext } from './context-builder';
import { type FinalEvent, Generation, type StreamEvent } from './generation';
import { GenerationQueue } from './generation-queue';
import { toGenerationMetrics } from './metrics';
import { ProgressFlusher } from './progress-flusher';

export type ChatManagerOptions = Pick<
  AppConfig,
  | 'maxConcurrentGenerations'
  | 'maxQueuedGenerations'
  | 'firstTokenTimeoutMs'
  | 'streamIdleTimeoutMs'
  | 'flushIntervalMs'
  | 'deltaCoalesceMs'
>;

const INTERRUPTED: ErrorInfo = {
  code: ERROR_CODES.interrupted,
  message: 'The server stopped before this answer was finished.',
};
const DEFAULT_TITLE = 'New chat';

export class ChatManager {
  private readonly queue: GenerationQueue;
  private readonly continuations = new Set<string>();
  private readonly runs = new Set<Promise<void>>();
  private readonly chatLocks = new KeyedMutex();
  private readonly accepting = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly history: HistoryStore,
    private readonly ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
    private readonly opts: ChatManagerOptions,
    private readonly logger: Logger,
  ) {
    this.queue = new GenerationQueue(opts.maxConcurrentGenerations, opts.maxQueuedGenerations, (g) => {
      const run = this.run(g);
      this.runs.add(run);
      return run.finally(() => this.runs.delete(run));
    });
  }

  async sendMessage(chatId: string, body: SendMessageBody): Promise<SendMessageResponse> {
    const attachments = decodeAttachments(body.attachments);
    return this.accept(chatId, async () => {
      // Read inside the chat's lock, so two quick sends chain instead of forking the branch.
      const chat = await this.history.getChat(chatId);
      const model = body.model ?? chat.model ?? (await this.history.getSettings()).defaultModel ?? null;
      if (!model) throw new ValidationError('Pick a model for this chat before sending a message.');
      await this.assertModelCanAnswer(model, attachments.length > 0);
      const parentId = body.parentId === undefined ? chat.currentLeafId : body.parentId;
      const [userMessage, assistantMessage] = (await this.withQueueSlot(chatId, () =>
        this.history.appendMessages(chatId, parentId, [
          { role: 'user', content: body.content, status: 'complete', options: body.options, attachments },
          { role: 'assistant', content: '', status: 'queued', model, options: body.options },
        ]),
      )) as [Message, Message];
      this.schedule(assistantMessage, model, body.options);
      // Only once the message is stored: a refused send leaves the chat as it was.
      const patch: { model?: string; title?: string } = {};
      if (body.model && body.model !== chat.model) patch.model = body.model;
      if (chat.title === DEFAULT_TITLE && chat.currentLeafId === null && body.content.trim()) {
        patch.title = titleFrom(body.content);
      }
      if (patch.model || patch.title) await this.history.updateChat(chatId, patch);
      return { userMessage, assistantMessage, generationId: assistantMessage.id };
    });
  }

  /** A new answer to the same user message, as a sibling of `messageId`. */
  async regenerate(messageId: string, model?: string): Promise<RegenerateResponse> {
    const old = await this.history.getMessage(messageId);
    if (old.role !== 'assistant' || old.parentId === null) {
      throw new ValidationError('Only an assistant answer can be regenerated.');
    }
    const parentId = old.parentId;
    return this.accept(old.chatId, async () => {
      const chat = await this.history.getChat(old.chatId);
      const useModel = model ?? chat.model ?? old.model;
      if (!useModel) throw new ValidationError('Pick a model for this chat before regenerating.');
      const parent = await this.history.getMessage(parentId);
      await this.assertModelCanAnswer(useModel, parent.attachments.length > 0);
      const [assistantMessage] = (await this.withQueueSlot(old.chatId, () =>
        this.history.appendMessages(old.chatId, parentId, [
          { role: 'assistant', content: '', status: 'queued', model: useModel },
        ]),
      )) as [Message];
      this.schedule(assistantMessage, useModel);
      return { assistantMessage, generationId: assistantMessage.id };
    });
  }

  /** Continues an interrupted, cancelled or failed answer in place. */
  async continueAnswer(messageId: string): Promise<RegenerateResponse> {
    const first = await this.history.getMessage(messageId);
    if (first.role !== 'assistant') throw new ValidationError('Only an assistant answer can be continued.');
    return this.accept(first.chatId, async () => {
      const msg = await this.history.getMessage(messageId);
      if (this.queue.get(messageId)) throw new ConflictError('This answer is still being generated.');
      if (msg.status === 'complete' && msg.metrics?.doneReason !== 'length') {
        throw new ConflictError('This answer is already complete; regenerate it instead.');
      }
      const model = msg.model ?? (await this.history.getChat(msg.chatId)).model;
      if (!model) throw new ValidationError('Pick a model for this chat before continuing.');
      await this.withQueueSlot(msg.chatId, async () => {
        await this.history.saveProgress(msg.id, { content: msg.content, thinking: msg.thinking, status: 'queued' });
        await this.history.setCurrentLeaf(msg.chatId, msg.id);
      });
      this.continuations.add(msg.id);
      this.schedule(msg, model);
      const assistantMessage = await this.history.getMessage(msg.id);
      return { assistantMessage, generationId: msg.id };
    });
  }

  async cancel(generationId: string): Promise<void> {
    const g = this.queue.get(generationId);
    if (!g) {
      await this.history.getMessage(generationId); // 404 for an unknown id
      throw new ConflictError('This answer is not being generated any more.');
    }
    g.abortReason = 'cancel';
    if (this.queue.removeWaiting(g.id)) {
      await this.finishUnstarted(g, 'cancelled', null);
      return;
    }
    g.abort.abort();
  }

  /** SSE events of a generation: live if it runs or waits, else a snapshot and its final event. */
  async *events(generationId: string, signal: AbortSignal): AsyncGenerator<StreamEvent> {
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
    const msg = await this.history.getMessage(generationId);
    if (msg.role !== 'assistant') throw new ValidationError('Only assistant messages have generations.');
    yield {
      type: 'snapshot',
      data: { messageId: msg.id, content: msg.content, thinking: msg.thinking, status: msg.status },
    };
    yield finalEventOf(msg);
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

  isChatGenerating(chatId: string): boolean {
    return this.queue.isChatBusy(chatId);
  }

  /** Aborts everything; partial answers are flushed and marked interrupted. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.accepting]);
    for (const g of this.queue.drainWaiting()) await this.finishUnstarted(g, 'interrupted', INTERRUPTED);
    for (const g of this.queue.list()) {
      g.abortReason ??= 'shutdown';
      g.abort.abort();
    }
    await Promise.allSettled([...this.runs]);
  }

  private assertAccepting(): void {
    if (this.stopping) throw new ConflictError('The server is shutting down; try again in a moment.');
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

  private schedule(message: Message, model: string, options?: ChatOptions): void {
    const g = new Generation(
      {
        id: message.id,
        chatId: message.chatId,
        model,
        options,
        initialContent: message.content,
        initialThinking: message.thinking,
      },
      this.opts.deltaCoalesceMs,
    );
    this.queue.add(g);
  }

  /** Refuses, before anything is stored, what Ollama could never answer. Unknown models fail on the answer. */
  private async assertModelCanAnswer(model: string, hasImages: boolean): Promise<void> {
    let summary: Awaited<ReturnType<ModelCatalog['find']>>;
    try {
      summary = await this.catalog.find(model);
    } catch (err) {
      // Ollama is down: accept the message; its answer will say so.
      this.logger.debug({ err }, 'model check skipped');
      return;
    }
    if (!summary) return;
    if (!summary.canChat) {
      throw new OllamaError(
        ERROR_CODES.modelIncapable,
        `${summary.name} is an embedding model and can't chat. Pick a chat model instead.`,
      );
    }
    if (hasImages && !summary.capabilities.includes('vision')) {
      throw new OllamaError(
        ERROR_CODES.modelIncapable,
        `${summary.name} can't see images. Remove the image or pick a model with vision (e.g. llava).`,
      );
    }
  }

  private async run(g: Generation): Promise<void> {
    const continuing = this.continuations.delete(g.id);
    const flusher = new ProgressFlusher(
      this.opts.flushIntervalMs,
      () => this.history.saveProgress(g.id, { content: g.content, thinking: g.thinking, status: 'streaming' }),
      (err) => logStoreFailure(this.logger, err, g.id, 'partial answer flush failed'),
    );
    let ttftMs: number | null = null;
    let counters: OllamaFinalCounters | null = null;
    try {
      // No write here: the first flush stores status `streaming` with the first text, and start-up
      // recovery treats `queued` and `streaming` alike. Ollama's request goes out sooner.
      g.setStatus('streaming');
      const chat = await this.history.getChat(g.chatId);
      const chatOptions: ChatOptions = { ...chat.options, ...g.options };
      const { turns, droppedMessages } = await this.contextFor(g, chat.systemPrompt, chatOptions, continuing);
      const { think, keep_alive: chatKeepAlive, ...options } = chatOptions;
      // The chat's own keep_alive, else the model's preference, else the app setting, else Ollama's default.
      const keepAlive = chatKeepAlive ?? (await defaultKeepAlive(this.history, g.model));
      const started = performance.now();
      for await (const part of this.ollama.chatStream({
        model: g.model,
        messages: turns,
        options,
        think,
        keepAlive,
        signal: g.abort.signal,
        firstTokenTimeoutMs: this.opts.firstTokenTimeoutMs,
        idleTimeoutMs: this.opts.streamIdleTimeoutMs,
      })) {
        if (part.kind === 'done') {
          counters = part.counters;
          continue;
        }
        ttftMs ??= performance.now() - started;
        g.append(part.content, part.thinking);
        flusher.markDirty();
      }
      await flusher.stop();
      const metrics = counters ? toGenerationMetrics(counters, ttftMs, droppedMessages) : null;
      const digest = this.catalog.peek(g.model)?.digest ?? null;
      const message = await this.history.finishMessage(g.id, {
        content: g.content,
        thinking: g.thinking,
        status: 'complete',
        error: null,
        metrics,
        modelDigest: digest,
      });
      g.finish({ type: 'done', data: { message, metrics } });
      if (digest) {
        // Bookkeeping: a failure here must not turn a stored, complete answer into an error.
        await this.history
          .recordModelSeen(g.model, digest)
          .catch((err: unknown) => this.logger.warn({ err, model: g.model }, 'could not record the model version'));
      }
    } catch (err) {
      await flusher.stop();
      await this.finishFailed(g, err);
    }
  }

  private async contextFor(
    g: Generation,
    systemPrompt: string,
    options: ChatOptions,
    continuing: boolean,
  ): Promise<{ turns: ChatTurn[]; droppedMessages: number }> {
    const message = await this.history.getMessage(g.id);
    const path = message.parentId ? await this.history.getPath(message.parentId) : [];
    const summary = this.catalog.peek(g.model);
    const { turns, droppedMessages } = await buildContext({
      path,
      systemPrompt,
      contextLength: options.num_ctx ?? summary?.contextLength ?? null,
      answerReserve: options.num_predict && options.num_predict > 0 ? options.num_predict : undefined,
      loadImage: (id) => this.history.readAttachmentBase64(id),
    });
    if (droppedMessages > 0) this.logger.info({ chat: g.chatId, droppedMessages }, 'context trimmed');
    // A trailing assistant turn makes Ollama continue that text instead of starting a new answer.
    if (continuing && g.content) turns.push({ role: 'assistant', content: g.content });
    return { turns, droppedMessages };
  }

  private async finishFailed(g: Generation, err: unknown): Promise<void> {
    if (g.abortReason === 'cancel') {
      await this.finishWith(g, 'cancelled', null, { type: 'cancelled', data: {} });
      return;
    }
    if (g.abortReason === 'shutdown') {
      await this.finishWith(g, 'interrupted', INTERRUPTED, { type: 'error', data: INTERRUPTED });
      return;
    }
    const appErr = toAppError(err);
    if (!isAppError(err)) this.logger.error({ err, generation: g.id }, 'generation failed unexpectedly');
    if (appErr.code === ERROR_CODES.modelNotFound) this.catalog.invalidate();
    const info: ErrorInfo = { code: appErr.code, message: appErr.message };
    await this.finishWith(g, 'error', info, { type: 'error', data: info });
  }

  private async finishUnstarted(g: Generation, status: 'cancelled' | 'interrupted', error: ErrorInfo | null) {
    this.continuations.delete(g.id);
    const final: FinalEvent = error ? { type: 'error', data: error } : { type: 'cancelled', data: {} };
    await this.finishWith(g, status, error, final);
  }

  private async finishWith(
    g: Generation,
    status: 'cancelled' | 'interrupted' | 'error',
    error: ErrorInfo | null,
    final: FinalEvent,
  ): Promise<void> {
    try {
      await this.history.finishMessage(g.id, { content: g.content, thinking: g.thinking, status, error, metrics: null });
    } catch (err) {
      logStoreFailure(this.logger, err, g.id, 'could not store the end of an answer');
    }
    g.setStatus(status);
    g.finish(final);
  }
}

function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof Error && err.name === 'AbortError') {
    return new NetworkError(ERROR_CODES.ollamaDropped, 'The request to Ollama was aborted.');
  }
  return new AppError(ERROR_CODES.internal, 500, 'Something went wrong while generating this answer.');
}

function finalEventOf(msg: Message): FinalEvent {
  switch (msg.status) {
    case 'complete':
      return { type: 'done', data: { message: msg, metrics: msg.metrics } };
    case 'cancelled':
      return { type: 'cancelled', data: {} };
    case 'error':
      return { type: 'error', data: msg.error ?? { code: ERROR_CODES.internal, message: 'This answer failed.' } };
    default:
      return { type: 'error', data: msg.error ?? INTERRUPTED };
  }
}

function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || DEFAULT_TITLE;
}
