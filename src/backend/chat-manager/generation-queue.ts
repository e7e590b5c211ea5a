/**
 * Scheduling of generations (DESIGN §4.1–4.2): one at a time per chat, in order; at most
 * `maxConcurrent` across all chats; at most `maxQueued` waiting. Knows nothing about Ollama.
 */
import { QueueFullError } from '../errors';
import type { Generation } from './generation';

export class GenerationQueue {
  /** Waiting generations in arrival order. */
  private readonly waiting: Generation[] = [];
  private readonly running = new Map<string, Generation>();
  private readonly runningChats = new Set<string>();

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
    private readonly start: (g: Generation) => Promise<void>,
  ) {}

  /** Places promised to requests still storing their messages: to start at once, or to wait. */
  private reservedToRun = 0;
  private reservedToWait = 0;
  private readonly reservedChats = new Set<string>();

  /**
   * Holds one place for a generation about to be added; throws QueueFullError when it would have
   * to wait and the queue is full. Call the returned function once it was added (or storing failed).
   */
  reserve(chatId: string): () => void {
    const chatBusy = this.isChatBusy(chatId) || this.reservedChats.has(chatId);
    const willRun = !chatBusy && this.running.size + this.reservedToRun < this.maxConcurrent;
    if (!willRun && this.waiting.length + this.reservedToWait >= this.maxQueued) {
      throw new QueueFullError(this.maxQueued);
    }
    if (willRun) this.reservedToRun += 1;
    else this.reservedToWait += 1;
    this.reservedChats.add(chatId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (willRun) this.reservedToRun -= 1;
      else this.reservedToWait -= 1;
      this.reservedChats.delete(chatId);
    };
  }

  /** Accepts a generation (after assertCapacity) and starts it as soon as its turn comes. */
  add(g: Generation): void {
    this.waiting.push(g);
    this.pump();
  }

  get(id: string): Generation | undefined {
    return this.running.get(id) ?? this.waiting.find((g) => g.id === id);
  }

  list(): Generation[] {
    return [...this.running.values(), ...this.waiting];
  }

  isChatBusy(chatId: string): boolean {
    return this.runningChats.has(chatId) || this.waiting.some((g) => g.chatId === chatId);
  }

  /** Removes a waiting generation; returns false if it is not waiting (running or unknown). */
  removeWaiting(id: string): boolean {
    const i = this.waiting.findIndex((g) => g.id === id);
    if (i === -1) return false;
    this.waiting.splice(i, 1);
    return true;
  }

  /** Empties the queue (shutdown); returns what was waiting. */
  drainWaiting(): Generation[] {
    return this.waiting.splice(0, this.waiting.length);
  }

  get runningCount(): number {
    return this.running.size;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.running.size < this.maxConcurrent; ) {
      const g = this.waiting[i] as Generation;
      if (this.runningChats.has(g.chatId)) {
        i += 1;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running.set(g.id, g);
      this.runningChats.add(g.chatId);
      void this.start(g).finally(() => {
        this.running.delete(g.id);
        this.runningChats.delete(g.chatId);
        this.pump();
      });
    }
  }
}
