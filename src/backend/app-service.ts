/**
 * What the HTTP layer may ask of the backend, one method per use case. Route handlers validate the
 * request, call one of these and send the answer; every rule (live state of a chat, cancel before
 * delete, which version is current, which ids have events) lives here or in the managers.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type {
  AttachmentUpload,
  Chat,
  ChatList,
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
import type { AttachmentInspection } from '../shared/attachments-api';
import type { DeleteMessageResponse, EditAnswerResponse, ForkResponse, SubtreeInfo } from '../shared/conversation-api';
import type { ImageBackendsInfo, ImageMetricsSummary } from '../shared/image-api';
import { MESSAGE_PAGE } from '../shared/limits';
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
import type { CreateChatResponse, CreateChatWithMessageBody } from '../shared/new-chat-api';
import type { SearchQuery, SearchResponse } from '../shared/search-api';
import type { AppEvent, AppEvents } from './app-events';
import { servedContentType } from './attachments';
import { type ChatManager, ConversationEdits, decodeAttachments, type StreamEvent } from './chat-manager';
import {
  type ChatRecord,
  describeLocation,
  type History,
  ImportFormatError,
  type ImportResult,
  type ModelPreferencesPatch,
  type NewAttachment,
  toExportJson,
  toMarkdown,
} from './history-manager';
import type { ImageBackends } from './image-generation';
import type {
  AutoUpdater,
  DeleteModelResponse,
  JobEvent,
  ModelCatalog,
  ModelJobs,
  ModelOperations,
} from './model-manager';
import type { OllamaHealth, OllamaStatus } from './ollama-status';
import { PresetsService } from './presets-service';

/** A file the HTTP layer sends as an attachment download. */
export interface Download {
  fileName: string;
  contentType: string;
  /** Produced as the response is written: one chat, one blob at a time. */
  body: AsyncIterable<string> | string;
}

/** A file on disk to send and then remove (`remove` is safe to call more than once). */
export interface TempFileDownload {
  fileName: string;
  contentType: string;
  path: string;
  remove: () => Promise<void>;
}

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
  /** The GUI build served now (`Health.gui`; `guiBuildReader`), null without one. */
  guiBuild: () => string | null;
  /** Image generation backends, and whether IMAGE_SERVER_URL / IMAGE_SERVER_API_KEY are set (the key itself stays out). */
  images: ImageBackends;
  imageEnv: { url: string | undefined; hasApiKey: boolean };
}

export class AppService {
  /** Fork, edited answers and subtree deletion (issue 11). */
  private readonly tree: ConversationEdits;
  /** `/api/presets` (presets-service.ts). */
  readonly presets: PresetsService;

  constructor(private readonly p: AppServiceParts) {
    this.tree = new ConversationEdits(p.history, p.chats);
    this.presets = new PresetsService(p.history);
  }

  // --- system ---------------------------------------------------------------------------------

  async health(): Promise<{ ok: true; version: string; gui: string | null; ollama: OllamaHealth }> {
    return { ok: true, version: this.p.version, gui: this.p.guiBuild(), ollama: await this.p.ollamaStatus.check() };
  }

  getSettings(): Promise<Settings> {
    return this.p.history.settings.get();
  }

  async updateSettings(patch: Settings): Promise<Settings> {
    if (patch.defaultPresetId) await this.p.history.presets.get(patch.defaultPresetId); // 404 for an unknown preset
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

  /**
   * A chat, and with `firstMessage` its first question sent and answering (one round trip for the GUI's
   * new chat). A refused message leaves nothing behind: the chat is deleted and the send's error thrown.
   */
  async createChat(body: CreateChatWithMessageBody): Promise<CreateChatResponse> {
    const { firstMessage, ...fields } = body;
    const created = await this.p.history.chats.create(await this.presets.newChatFields(fields));
    if (!firstMessage) return this.withLiveState(created);
    let sent: SendMessageResponse;
    try {
      sent = await this.p.chats.sendMessage(created.id, { ...firstMessage, parentId: null });
    } catch (error) {
      await this.p.chats.deleteChat(created.id).catch(() => undefined);
      throw error;
    }
    // The send titled the chat and set its leaf: answer with the chat as it is now.
    return { ...this.withLiveState(await this.p.history.chats.get(created.id)), sent };
  }

  async getChat(id: string): Promise<Chat> {
    return this.withLiveState(await this.p.history.chats.get(id));
  }

  async updateChat(id: string, patch: UpdateChatBody): Promise<Chat> {
    return this.withLiveState(await this.p.history.chats.update(id, patch, { userTitle: true }));
  }

  async applyPreset(presetId: string, chatId: string): Promise<Chat> {
    return this.withLiveState(await this.presets.apply(presetId, chatId));
  }

  deleteChat(id: string): Promise<void> {
    return this.p.chats.deleteChat(id);
  }

  /**
   * The chat and its active branch (ending at `leaf`, default its current leaf), or the messages above `before`;
   * with `limit` only the newest of them and a summary of the rest (`MessagesQuery`).
   */
  async chatMessages(id: string, query: { leaf?: string; before?: string; limit?: number }): Promise<MessagesResponse> {
    const chat = await this.p.history.chats.get(id);
    const { messages } = this.p.history;
    const page =
      query.limit === undefined && query.before === undefined
        ? { messages: await messages.branch(id, query.leaf) }
        : await messages.branchPage(id, { ...query, limit: query.limit ?? MESSAGE_PAGE.default });
    return { chat: this.withLiveState(chat), ...page };
  }

  sendMessage(chatId: string, body: SendMessageBody): Promise<SendMessageResponse> {
    return this.p.chats.sendMessage(chatId, body);
  }

  /** What sending this file would store (kind, tokens, pages), or the error sending it would get. Stores nothing. */
  async inspectAttachment(upload: AttachmentUpload): Promise<AttachmentInspection> {
    // One upload in, one attachment out (or the refusal thrown).
    const file = (await decodeAttachments([upload]))[0] as NewAttachment;
    return {
      kind: file.kind,
      mime: file.mime,
      size: file.data.length,
      tokens: file.tokens ?? 0,
      ...(file.pages === undefined ? {} : { pages: file.pages }),
    };
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

  // --- the message tree: fork, edit an answer, delete a subtree (issue 11) -------------------------

  async forkChat(chatId: string, messageId: string): Promise<ForkResponse> {
    return { chat: await this.tree.fork(chatId, messageId) };
  }

  async editAnswer(chatId: string, messageId: string, content: string): Promise<EditAnswerResponse> {
    return { message: await this.tree.editAnswer(chatId, messageId, content) };
  }

  messageSubtree(chatId: string, messageId: string): Promise<SubtreeInfo> {
    return this.tree.subtree(chatId, messageId);
  }

  deleteMessage(chatId: string, messageId: string): Promise<DeleteMessageResponse> {
    return this.tree.deleteSubtree(chatId, messageId);
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
      contentType: servedContentType(bytes),
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

  /** Ollama's models, then the image server's (capability `image`, backend `image-server`). */
  async listModels(opts: { refresh: boolean }): Promise<ModelList> {
    const [list, imageServer] = await Promise.all([this.p.catalog.list(opts), this.p.images.serverModels(opts)]);
    if (imageServer.length === 0) return list;
    const ollamaNames = new Set(list.models.map((m) => canonicalModelName(m.name)));
    return {
      ...list,
      models: [...list.models, ...imageServer.filter((m) => !ollamaNames.has(canonicalModelName(m.name)))],
    };
  }

  async modelDetails(name: string): Promise<ModelDetails> {
    try {
      return await this.p.catalog.details(name);
    } catch (err) {
      const wanted = canonicalModelName(name);
      const listed = (await this.p.images.serverModels()).find((m) => canonicalModelName(m.name) === wanted);
      if (!listed) throw err;
      return { ...listed, parameters: '', template: '', system: '', license: '', modelInfo: {} };
    }
  }

  // --- image generation -------------------------------------------------------------------------

  async imageBackends(): Promise<ImageBackendsInfo> {
    const settings = await this.p.history.settings.get();
    const url = settings.imageServerUrl ?? this.p.imageEnv.url ?? null;
    const source = settings.imageServerUrl ? 'settings' : this.p.imageEnv.url ? 'env' : null;
    const models = url ? (await this.p.images.serverModels()).length : 0;
    return { imageServer: { url, source, hasApiKey: this.p.imageEnv.hasApiKey, models } };
  }

  imageMetrics(name: string): Promise<ImageMetricsSummary> {
    return this.p.history.images.metrics(name);
  }

  runningModels(): Promise<RunningModels> {
    return this.p.modelOps.running();
  }

  async loadModel(name: string): Promise<RunningModels> {
    // An image server's model is not Ollama's to load (the server keeps its own models warm): a preload is a no-op.
    const resolved = await this.p.images.resolve(name).catch(() => null);
    if (resolved?.backend === 'image-server') return this.p.modelOps.running();
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

  // --- export, import, backup (issue #9) ---------------------------------------------------------

  /** Where the HTTP layer spools an upload before `importFile` reads it. */
  tempDir(): string {
    return this.p.history.tempDir();
  }

  /**
   * Imports every chat of one file in one transaction. A file that cannot be imported as a whole
   * throws an ImportFormatError whose message names where it broke, and changes nothing.
   */
  async importFile(source: { fileName: string; path: string }): Promise<ImportResult> {
    try {
      return await this.p.history.imports.import(source);
    } catch (err) {
      if (err instanceof ImportFormatError) {
        const where = describeLocation(err.location);
        if (where && !err.message.includes(where)) {
          throw new ImportFormatError(err.code, `${err.message.replace(/\.$/, '')} (${where}).`, err.location);
        }
      }
      throw err;
    }
  }

  /** One chat: the whole tree as JSON (attachments inline), or the active branch as Markdown. */
  async exportChat(id: string, format: 'json' | 'md'): Promise<Download> {
    const chat = await this.p.history.exports.chat(id);
    const exportedAt = new Date().toISOString();
    const base = `${slug(chat.title)}-${exportedAt.slice(0, 10)}`;
    if (format === 'md') {
      return {
        fileName: `${base}.md`,
        contentType: 'text/markdown; charset=utf-8',
        body: toMarkdown(chat, { exportedAt }),
      };
    }
    const exporter = this.p.history.exports;
    return {
      fileName: `${base}.json`,
      contentType: 'application/json; charset=utf-8',
      body: toExportJson([chat], {
        exportedAt,
        appVersion: this.p.version,
        attachments: 'inline',
        loadBlob: (sha256) => exporter.loadBlob(sha256),
      }),
    };
  }

  /** Every chat, streamed; each attachment's bytes once, after the chats. */
  exportAll(): Download {
    const exportedAt = new Date().toISOString();
    const exporter = this.p.history.exports;
    return {
      fileName: `ollama-chat-export-${exportedAt.slice(0, 10)}.json`,
      contentType: 'application/json; charset=utf-8',
      body: toExportJson(exporter.all(), {
        exportedAt,
        appVersion: this.p.version,
        attachments: 'blobs',
        loadBlob: (sha256) => exporter.loadBlob(sha256),
      }),
    };
  }

  /** A consistent copy of the database (SQLite online backup) in a temporary file. */
  async backup(): Promise<TempFileDownload> {
    const dir = this.p.history.tempDir();
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `backup-${randomUUID()}.sqlite`);
    const remove = () => rm(file, { force: true });
    try {
      await this.p.history.backup(file);
    } catch (err) {
      await remove();
      throw err;
    }
    return {
      fileName: `ollama-chat-backup-${new Date().toISOString().slice(0, 10)}.sqlite`,
      contentType: 'application/vnd.sqlite3',
      path: file,
      remove,
    };
  }

  private withLiveState(chat: ChatRecord): Chat {
    return { ...chat, generating: this.p.chats.isChatGenerating(chat.id) };
  }
}

/** A file name from a chat title: letters and digits of any script, dashes between words. */
function slug(title: string): string {
  const words = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return words || 'chat';
}
