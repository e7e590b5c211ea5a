import type { AppConfig } from '../../utils/config';
import type { Logger } from '../../utils/logger';
import type { AppEvents } from '../app-events';
import type { ChatManager } from '../chat-manager';
import type { History } from '../history-manager';
import type { AutoUpdater, ModelCatalog, ModelJobs, ModelOperations } from '../model-manager';
import type { OllamaStatus } from '../ollama-status';

/** What route handlers may use; built by BackendService. */
export interface HttpDeps {
  config: AppConfig;
  logger: Logger;
  history: History;
  chats: ChatManager;
  catalog: ModelCatalog;
  /** Pulls and updates running on the server. */
  jobs: ModelJobs;
  /** Running models, load, unload, delete. */
  modelOps: ModelOperations;
  updater: AutoUpdater;
  appEvents: AppEvents;
  ollamaStatus: OllamaStatus;
  /** Absolute path of the built GUI (dist/gui), or null when not built. */
  guiDir: string | null;
  version: string;
}
