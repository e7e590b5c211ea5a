/**
 * Every call to Ollama, seen from the outside: a failure to reach it (anywhere: a send, the model
 * list, a pull) is reported at once, so the app learns Ollama is down from the first failed request
 * instead of its next health poll.
 */
import type { ChatStreamPart, ChatStreamRequest, OllamaGateway, PullProgress } from './ollama-client';

export interface OllamaObserver {
  /** A call failed; the observer decides whether the failure says anything about reachability. */
  failed(err: unknown): void;
  /** A call got an answer from Ollama. */
  answered(): void;
}

export class WatchedOllama implements OllamaGateway {
  /** Set once the status tracker exists (it needs the catalog, which needs this gateway). */
  observer: OllamaObserver | null = null;

  /** Image models (Ollama 0.14.3 – 0.32.x): forwarded only when the inner gateway has it, as the runner checks. */
  readonly generateImage?: OllamaGateway['generateImage'];

  constructor(private readonly inner: OllamaGateway) {
    const generateImage = inner.generateImage?.bind(inner);
    if (generateImage) this.generateImage = (request) => this.watchStream(generateImage(request));
  }

  get host(): string {
    return this.inner.host;
  }

  version(): Promise<string> {
    return this.watch(this.inner.version());
  }

  listModels() {
    return this.watch(this.inner.listModels());
  }

  showModel(name: string) {
    return this.watch(this.inner.showModel(name));
  }

  chatStream(request: ChatStreamRequest): AsyncGenerator<ChatStreamPart, void, undefined> {
    return this.watchStream(this.inner.chatStream(request));
  }

  pull(name: string, signal: AbortSignal): AsyncGenerator<PullProgress, void, undefined> {
    return this.watchStream(this.inner.pull(name, signal));
  }

  deleteModel(name: string): Promise<void> {
    return this.watch(this.inner.deleteModel(name));
  }

  listRunning() {
    return this.watch(this.inner.listRunning());
  }

  loadModel(name: string, keepAlive?: number | string): Promise<void> {
    return this.watch(this.inner.loadModel(name, keepAlive));
  }

  unloadModel(name: string): Promise<void> {
    return this.watch(this.inner.unloadModel(name));
  }

  private async watch<T>(call: Promise<T>): Promise<T> {
    try {
      const value = await call;
      this.observer?.answered();
      return value;
    } catch (err) {
      this.observer?.failed(err);
      throw err;
    }
  }

  private async *watchStream<T>(stream: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
    let first = true;
    try {
      for await (const part of stream) {
        if (first) {
          first = false;
          this.observer?.answered();
        }
        yield part;
      }
    } catch (err) {
      this.observer?.failed(err);
      throw err;
    }
  }
}
