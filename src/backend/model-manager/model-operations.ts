/** Quick, one-request model operations: what is loaded, load (preload), unload, delete. */
import type { DeleteModelResponse, RunningModels } from '../../shared/models-api';
import type { AppEvents } from '../app-events';
import type { History } from '../history-manager';
import type { OllamaGateway } from '../ollama-client';
import { defaultKeepAlive } from './keep-alive';
import type { ModelCatalog } from './model-catalog';

export type { DeleteModelResponse };

export class ModelOperations {
  constructor(
    private readonly ollama: OllamaGateway,
    private readonly catalog: ModelCatalog,
    private readonly history: History,
    private readonly appEvents: AppEvents,
  ) {}

  async running(): Promise<RunningModels> {
    return { models: await this.ollama.listRunning() };
  }

  /** Loads the model now (with its keep_alive preference), so the next answer does not wait for the load. */
  async load(name: string): Promise<RunningModels> {
    await this.ollama.loadModel(name, await defaultKeepAlive(this.history, name));
    return this.running();
  }

  /** Frees its memory at once; an answer still streaming finishes first (Ollama waits for it). */
  async unload(name: string): Promise<RunningModels> {
    await this.ollama.unloadModel(name);
    return this.running();
  }

  /**
   * Deletes it from Ollama. Chats using it keep their history; the response names them so the GUI
   * can say that sending there needs another model.
   */
  async delete(name: string): Promise<DeleteModelResponse> {
    const installed = await this.catalog.known(name).catch(() => undefined);
    const target = installed?.name ?? name;
    try {
      await this.ollama.deleteModel(target);
    } finally {
      // Deleted, or already gone ("not found"): either way the cached list is out of date.
      this.catalog.invalidate();
    }
    this.appEvents.modelsChanged('deleted');
    return { deleted: target, chatsUsingIt: await this.history.chats.listUsingModel(target) };
  }
}
