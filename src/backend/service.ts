/**
 * BackendService builds and owns every component with injected dependencies, and runs the
 * start()/stop() lifecycle. Both are idempotent.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type AppConfig, normalizeImageServerUrl } from '../utils/config';
import type { Logger } from '../utils/logger';
import { AppEvents } from './app-events';
import { AppService } from './app-service';
import { ChatManager } from './chat-manager';
import { History } from './history-manager';
import { createApp, endLiveStreams, guiBuildReader } from './http';
import { ImageBackends } from './image-generation';
import { AutoUpdater, type AutoUpdaterOptions, ModelCatalog, ModelJobs, ModelOperations } from './model-manager';
import { OllamaClient, type OllamaGateway } from './ollama-client';
import { OllamaStatus } from './ollama-status';
import { WatchedOllama } from './ollama-watch';

export const APP_VERSION = '0.1.0';

export interface BackendServiceOptions {
  config: AppConfig;
  logger: Logger;
  /** Absolute path of the built GUI; omitted or missing = API only. */
  guiDir?: string;
  /** Replaces the real Ollama client (tests may inject one bound to another fetch). */
  ollama?: OllamaGateway;
  /** Timings of the scheduled model updates (tests shorten them). */
  autoUpdate?: AutoUpdaterOptions;
}

export class BackendService {
  readonly config: AppConfig;
  private readonly logger: Logger;
  private history: History | null = null;
  private chats: ChatManager | null = null;
  private jobs: ModelJobs | null = null;
  private updater: AutoUpdater | null = null;
  private appEvents: AppEvents | null = null;
  private ollamaStatus: OllamaStatus | null = null;
  private server: ServerType | null = null;
  private starting: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private honoApp: Hono | null = null;
  private boundPort = 0;

  constructor(private readonly opts: BackendServiceOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
  }

  /** Opens the database, recovers unfinished answers, and listens. */
  start(): Promise<void> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  stop(): Promise<void> {
    if (!this.starting) return Promise.resolve();
    this.stopping ??= this.starting.catch(() => undefined).then(() => this.doStop());
    return this.stopping;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    return `http://${host}:${this.boundPort}`;
  }

  /** The Hono app, for in-process requests (`app.request()`). */
  get app(): Hono {
    if (!this.honoApp) throw new Error('BackendService.start() has not finished');
    return this.honoApp;
  }

  get store(): History {
    if (!this.history) throw new Error('BackendService.start() has not finished');
    return this.history;
  }

  private async doStart(): Promise<void> {
    const { config, logger } = this;
    const bareOllama = this.opts.ollama ?? new OllamaClient({ host: config.ollamaHost, requestTimeoutMs: 10_000 });
    const ollama = new WatchedOllama(bareOllama);
    const history = await History.open({ dataDir: config.dataDir, logger });
    this.history = history;
    const recovered = await history.messages.markUnfinishedInterrupted();
    if (recovered > 0) logger.warn({ recovered }, 'answers left unfinished by the last run were marked interrupted');
    const catalog = new ModelCatalog(ollama, config.modelCacheTtlMs, logger);
    const images = new ImageBackends(
      catalog,
      {
        // Settings first, so a URL typed in the GUI wins over the environment without a restart; a
        // typed `…/v1/` is cut like the environment's, as the client adds `/v1/...` itself.
        serverUrl: async () => {
          const typed = (await history.settings.get()).imageServerUrl;
          return typed ? normalizeImageServerUrl(typed) : config.imageServerUrl;
        },
        apiKey: config.imageServerApiKey,
        timeoutMs: config.imageTimeoutMs,
        ttlMs: config.modelCacheTtlMs,
        configuredModels: config.imageServerModels,
      },
      logger,
    );
    const appEvents = new AppEvents();
    this.appEvents = appEvents;
    const chats = new ChatManager(history, ollama, catalog, config, logger, {
      images: { backends: images, imageTimeoutMs: config.imageTimeoutMs },
      onChatTitled: (chat) => appEvents.chatTitle({ chatId: chat.id, title: chat.title, updatedAt: chat.updatedAt }),
    });
    this.chats = chats;
    const jobOpts = { maxConcurrent: config.maxConcurrentPulls };
    const jobs = new ModelJobs(ollama, catalog, history, appEvents, jobOpts, logger);
    this.jobs = jobs;
    const updater = new AutoUpdater(
      history,
      catalog,
      jobs,
      (model) => chats.isModelGenerating(model),
      logger,
      this.opts.autoUpdate,
    );
    this.updater = updater;
    const ollamaStatus = new OllamaStatus(bareOllama, catalog, (health) => appEvents.ollamaStatus(health));
    ollama.observer = ollamaStatus;
    this.ollamaStatus = ollamaStatus;
    const guiDir = this.opts.guiDir && existsSync(this.opts.guiDir) ? this.opts.guiDir : null;
    const service = new AppService({
      history,
      chats,
      catalog,
      jobs,
      modelOps: new ModelOperations(ollama, catalog, history, appEvents),
      updater,
      appEvents,
      ollamaStatus,
      version: APP_VERSION,
      guiBuild: guiDir ? guiBuildReader(guiDir) : () => null,
      images,
      imageEnv: { url: config.imageServerUrl, hasApiKey: config.imageServerApiKey !== undefined },
    });
    this.honoApp = createApp({ config, logger, guiDir, service });
    const app = this.honoApp;
    await new Promise<void>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
        this.boundPort = info.port;
        resolve();
      });
      server.once('error', reject);
      this.server = server;
    });
    updater.start();
    // Ask Ollama how it is now, not when the first page asks: that page (and the first /api/health) then
    // gets the answer without waiting for the round trip, and a down Ollama is being watched already.
    void ollamaStatus.check();
  }

  private async doStop(): Promise<void> {
    this.updater?.stop();
    this.ollamaStatus?.stop();
    await Promise.all([this.chats?.shutdown(), this.jobs?.shutdown()]);
    this.appEvents?.closeAll();
    const server = this.server;
    if (server) await endLiveStreams(server);
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Every generation has ended, so live SSE streams are sending their final event and
        // closing; give them a moment, then cut whatever is left (e.g. idle app-event streams).
        const cut = setTimeout(() => (server as { closeAllConnections?: () => void }).closeAllConnections?.(), 500);
        cut.unref();
      });
    }
    await this.history?.close();
  }
}
