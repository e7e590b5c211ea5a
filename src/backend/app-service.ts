/**
 * What the HTTP layer may ask of the backend, one method per use case. Route handlers validate the
 * request, call one of these and send the answer; every rule (live state of a chat, cancel before
 * delete, which version is current, which ids have events) lives here or in the managers.
 */
import type {
  Chat,
  ChatList,
  ChatOptions,
  GenerationInfo,
  Message,
  MessagesResponse,
  ModelDetails,
  ModelList,
  RegenerateResponse,
  SendMessageBody,
  SendMessageResponse,
  Settings,
  UpdateChatBody,
} from '../shared/api';
import { canonicalModelName } from '../shared/model-name';
import type {
  JobList,
  MetricsComparison,
  ModelMetrics,
  ModelPreferences,
  ModelUsage,
  ModelVersions,
  RunningModels,
  StartJobResponse,
  UpdateCheckResponse,
} from '../shared/models-api';
import type { SearchQuery, SearchResponse } from '../shared/search-api';
import type { AppEvent, AppEvents } from './app-events';
import type { ChatManager, StreamEvent } from './chat-manager';
import type { ChatRecord, History, ModelPreferencesPatch } from './history-manager';
import { sniffImageMime } from './image-type';
import type {
  AutoUpdater,
  DeleteModelResponse,
  JobEvent,
  ModelCatalog,
  ModelJobs,
  ModelOperations,
} from './model-manager';
import type { OllamaHealth, OllamaStatus } from './ollama-status';

export interface BlobResponse {
  bytes: Buffer;
  name: string;
  /** `name` safe inside a quoted header parameter. */
  asciiName: string;
  contentType: string;
}

/** `to` is inclusive: a date covers its whole (UTC) day, a date-time its millisecond. */
function exclusiveEnd(to: string): string {
  const end = new Date(to).getTime() + (to.length === 10 ? 86_400_000 : 1);
  return new Date(end).toISOString();
}

/** Starts producing events once the response stream is open; ends when `signal` aborts. */
export type EventSource<T> = (signal: AbortSignal) => AsyncIterable<T>;

export interface AppServiceParts {
  history: History;
  chats: ChatManager;
  catalog: ModelCatalog;
  jobs: ModelJobs;
  modelOps: ModelOperations;
  updater: AutoUpdater;
  appEvents: AppEvents;
  ollamaStatus: OllamaStatus;
  version: string;
}

export class AppService {
  constructor(private readonly p: AppServiceParts) {}

  // --- system ---------------------------------------------------------------------------------

  async health(): Promise<{ ok: true; version: string; ollama: OllamaHealth }> {
    return { ok: true, version: this.p.version, ollama: await this.p.ollamaStatus.check() };
  }

  getSettings(): Promise<Settings> {
    return this.p.history.settings.get();
  }

  updateSettings(patch: Settings): Promise<Settings> {
    return this.p.history.settings.update(patch);
  }

  /** Subscribed at once, so nothing published after this call is lost before the stream starts. */
  appEvents(): EventSource<AppEvent> {
    const subscription = this.p.appEvents.subscribe();
    return (signal) => subscription.events(signal);
  }

  // --- chats and messages -----------------------------------------------------------------------

  async listChats(query: { cursor?: string; limit: number; q?: string }): Promise<ChatList> {
    const page = await this.p.history.chats.list(query);
    return { chats: page.chats.map((c) => this.withLiveState(c)), nextCursor: page.nextCursor };
  }

  async createChat(body: {
    title?: string;
    model?: string | null;
    systemPrompt?: string;
    options?: ChatOptions;
  }): Promise<Chat> {
    return this.withLiveState(await this.p.history.chats.create(body));
  }

  async getChat(id: string): Promise<Chat> {
    return this.withLiveState(await this.p.history.chats.get(id));
  }

  async updateChat(id: string, patch: UpdateChatBody): Promise<Chat> {
    return this.withLiveState(await this.p.history.chats.update(id, patch));
  }

  deleteChat(id: string): Promise<void> {
    return this.p.chats.deleteChat(id);
  }

  /** The chat and its active branch (ending at `leaf`, default its current leaf). */
  async chatMessages(id: string, leaf?: string): Promise<MessagesResponse> {
    const chat = await this.p.history.chats.get(id);
    const messages = await this.p.history.messages.branch(id, leaf);
    return { chat: this.withLiveState(chat), messages };
  }

  sendMessage(chatId: string, body: SendMessageBody): Promise<SendMessageResponse> {
    return this.p.chats.sendMessage(chatId, body);
  }

  getMessage(id: string): Promise<Message> {
    return this.p.history.messages.get(id);
  }

  regenerate(messageId: string, model?: string): Promise<RegenerateResponse> {
    return this.p.chats.regenerate(messageId, model);
  }

  continueAnswer(messageId: string): Promise<RegenerateResponse> {
    return this.p.chats.continueAnswer(messageId);
  }

  // --- search and attachment bytes -------------------------------------------------------------

  search(query: SearchQuery): Promise<SearchResponse> {
    return this.p.history.search.search({
      q: query.q,
      model: query.model,
      fromIso: query.from === undefined ? undefined : new Date(query.from).toISOString(),
      toIso: query.to === undefined ? undefined : exclusiveEnd(query.to),
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  async blob(sha256: string): Promise<BlobResponse> {
    const { bytes, name } = await this.p.history.messages.readBlob(sha256);
    return {
      bytes,
      name,
      asciiName: name.replace(/[^\x20-\x7e]|["\\]/gu, '_'),
      contentType: sniffImageMime(bytes) ?? 'application/octet-stream',
    };
  }

  // --- generations ------------------------------------------------------------------------------

  listGenerations(): GenerationInfo[] {
    return this.p.chats.listGenerations();
  }

  cancelGeneration(id: string): Promise<void> {
    return this.p.chats.cancel(id);
  }

  /** Throws (404 / 400) before any event is produced. */
  generationEvents(id: string): Promise<EventSource<StreamEvent>> {
    return this.p.chats.openEvents(id);
  }

  // --- models -----------------------------------------------------------------------------------

  listModels(opts: { refresh: boolean }): Promise<ModelList> {
    return this.p.catalog.list(opts);
  }

  modelDetails(name: string): Promise<ModelDetails> {
    return this.p.catalog.details(name);
  }

  runningModels(): Promise<RunningModels> {
    return this.p.modelOps.running();
  }

  loadModel(name: string): Promise<RunningModels> {
    return this.p.modelOps.load(name);
  }

  unloadModel(name: string): Promise<RunningModels> {
    return this.p.modelOps.unload(name);
  }

  deleteModel(name: string): Promise<DeleteModelResponse> {
    return this.p.modelOps.delete(name);
  }

  checkUpdates(models?: string[]): Promise<UpdateCheckResponse> {
    return this.p.updater.check(models);
  }

  metricsComparison(): Promise<MetricsComparison> {
    return this.p.history.models.metricsComparison();
  }

  modelMetrics(name: string, opts: { limit: number }): Promise<ModelMetrics> {
    return this.p.history.models.metrics(name, opts);
  }

  async modelVersions(name: string): Promise<ModelVersions> {
    return this.p.history.models.versions(name, await this.p.catalog.currentDigest(name));
  }

  modelPreferences(name: string): Promise<ModelPreferences> {
    return this.p.history.models.preferences(name);
  }

  updateModelPreferences(name: string, patch: ModelPreferencesPatch): Promise<ModelPreferences> {
    return this.p.history.models.updatePreferences(name, patch);
  }

  async modelUsage(name: string): Promise<ModelUsage> {
    return { name: canonicalModelName(name), chats: await this.p.history.chats.listUsingModel(name) };
  }

  // --- model jobs (pulls, updates) --------------------------------------------------------------

  startPull(name: string): StartJobResponse {
    const job = this.p.jobs.startPull(name);
    return { jobId: job.id, job: job.snapshot() };
  }

  listJobs(): JobList {
    return { jobs: this.p.jobs.list() };
  }

  cancelJob(id: string) {
    return this.p.jobs.cancel(id);
  }

  /** Throws 404 for an unknown job before any event is produced. */
  jobEvents(id: string): EventSource<JobEvent> {
    this.p.jobs.get(id);
    return (signal) => this.p.jobs.events(id, signal);
  }

  private withLiveState(chat: ChatRecord): Chat {
    return { ...chat, generating: this.p.chats.isChatGenerating(chat.id) };
  }
}
