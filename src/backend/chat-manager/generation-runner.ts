/**
 * Runs one generation against Ollama: builds its context, streams the answer into the Generation
 * (which fans it out to subscribers), flushes partial text on an interval, and reports how the run
 * ended. It never stores the end itself; the ChatManager settles every ending in one place.
 */
import { performance } from 'node:perf_hooks';
import type { ChatOptions } from '../../shared/api';
import { type ContextMessage, effectiveNumCtx, isContextTurn } from '../../shared/context-plan';
import type { Logger } from '../../utils/logger';
import type { History } from '../history-manager';
import { defaultKeepAlive, type ModelCatalog } from '../model-manager';
import type { ChatTurn, OllamaFinalCounters, OllamaGateway } from '../ollama-client';
import { assembleContext, type ContextWindow, droppedTurns, messagesHoldingKeptTurns } from './context-builder';
import type { Generation } from './generation';
import type { RunEnd } from './generation-outcome';
import { toGenerationMetrics } from './metrics';
import { ProgressFlusher } from './progress-flusher';
import { logStoreFailure } from './store-failure-log';

export interface RunnerOptions {
  firstTokenTimeoutMs: number;
  streamIdleTimeoutMs: number;
  flushIntervalMs: number;
}

export class GenerationRunner {
  constructor(
    private readonly history: History,
    private readonly ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
    private readonly opts: RunnerOptions,
    private readonly logger: Logger,
  ) {}

  async run(g: Generation): Promise<RunEnd> {
    const flusher = new ProgressFlusher(
      this.opts.flushIntervalMs,
      () => {
        g.sendHeld();
        return this.history.messages.saveProgress(g.id, {
          content: g.content,
          thinking: g.thinking,
          status: 'streaming',
        });
      },
      (err) => logStoreFailure(this.logger, err, g.id, 'partial answer flush failed'),
    );
    let ttftMs: number | null = null;
    let counters: OllamaFinalCounters | null = null;
    try {
      // No write here: the first flush stores status `streaming` with the first text, and start-up
      // recovery treats `queued` and `streaming` alike. Ollama's request goes out sooner.
      g.setStatus('streaming');
      // Independent reads, started together: each await between the send and Ollama's request is time
      // to first token.
      const [chat, fallbackKeepAlive] = await Promise.all([
        this.history.chats.get(g.chatId),
        defaultKeepAlive(this.history, g.model),
      ]);
      const chatOptions: ChatOptions = { ...chat.options, ...g.options };
      const { turns, droppedMessages } = await this.contextFor(g, chat.systemPrompt, chatOptions);
      const { think, keep_alive: chatKeepAlive, format, ...options } = chatOptions;
      // The chat's own keep_alive, else the model's preference, else the app setting, else Ollama's default.
      const keepAlive = chatKeepAlive ?? fallbackKeepAlive;
      g.params = {
        model: g.model,
        options,
        ...(think !== undefined ? { think } : {}),
        ...(format !== undefined ? { format } : {}),
        ...(keepAlive !== undefined ? { keepAlive } : {}),
        // The window the context was planned for: the chat's num_ctx, else Ollama's default (context-plan.ts).
        numCtx: effectiveNumCtx(options.num_ctx, this.catalog.peek(g.model)),
      };
      const started = performance.now();
      for await (const part of this.ollama.chatStream({
        model: g.model,
        messages: turns,
        options,
        think,
        format,
        keepAlive,
        signal: g.signal,
        firstTokenTimeoutMs: this.opts.firstTokenTimeoutMs,
        idleTimeoutMs: this.opts.streamIdleTimeoutMs,
      })) {
        if (part.kind === 'done') {
          counters = part.counters;
          continue;
        }
        ttftMs ??= performance.now() - started;
        g.append(part.content, part.thinking, part.tokens);
        flusher.markDirty();
      }
      await flusher.stop();
      return {
        kind: 'done',
        metrics: counters ? toGenerationMetrics(counters, ttftMs, droppedMessages) : null,
        modelDigest: this.catalog.peek(g.model)?.digest ?? null,
      };
    } catch (error) {
      await flusher.stop();
      return { kind: 'failed', error, stopReason: g.stopReason };
    }
  }

  /**
   * The turns sent for `g`: planned from what the estimate needs of its whole path (`pathCosts`: no texts, one JSON
   * row), then only the messages holding the kept turns are read, with their texts and files (`pathTurns`). Reading
   * the path in full cost a 100-message chat ~1.5 ms and a 10,000-message one ~100 ms of time to first token, and all
   * but the kept turns (~20 in Ollama's default window) were left out. Nothing between the two reads changes the
   * path's messages (a chat's answers run one at a time, an edit makes a sibling); a path deleted meanwhile fails the
   * second read as the first.
   */
  private async contextFor(
    g: Generation,
    systemPrompt: string,
    options: ChatOptions,
  ): Promise<{ turns: ChatTurn[]; droppedMessages: number }> {
    const { messages } = this.history;
    const window: ContextWindow = {
      systemPrompt,
      contextLength: effectiveNumCtx(options.num_ctx, this.catalog.peek(g.model)),
      answerReserve: options.num_predict && options.num_predict > 0 ? options.num_predict : undefined,
    };
    // ChatManager always hands over the answer's parent (the stored message's).
    const path: ContextMessage[] = g.parentId ? await messages.pathCosts(g.parentId) : [];
    const dropped = droppedTurns(path, window);
    const holding = messagesHoldingKeptTurns(path, dropped);
    const kept = holding > 0 && g.parentId ? await messages.pathTurns(g.parentId, holding) : [];
    const { turns, droppedMessages } = await assembleContext({
      kept: kept.filter(isContextTurn),
      systemPrompt,
      droppedMessages: dropped,
      loadImage: (id) => messages.readAttachmentBase64(id),
      loadFileText: (id) => messages.readAttachmentText(id),
    });
    if (droppedMessages > 0) this.logger.info({ chat: g.chatId, droppedMessages }, 'context trimmed');
    // A trailing assistant turn makes Ollama continue that text instead of starting a new answer.
    if (g.continuing && g.content) turns.push({ role: 'assistant', content: g.content });
    return { turns, droppedMessages };
  }
}
