/**
 * Scheduling of generations (DESIGN §4.1–4.2): one at a time per chat, in order; at most
 * `maxConcurrent` across all chats; at most `maxQueued` waiting. Knows nothing about Ollama.
 */
import { QueueFullError } from '../errors';
import type { Generation } from './generation';

/**
 * Background work of a chat (a generated title): it starts only when the chat has no answer running
 * or waiting, takes one of the `maxConcurrent` places while it runs, but never holds up the chat's
 * next answer, and never counts against `maxQueued` (it is dropped rather than refusing a user).
 */
export interface BackgroundTask {
  chatId: string;
  run: () => Promise<void>;
}

export class GenerationQueue {
  /** Waiting generations in arrival order. */
  private readonly waiting: Generation[] = [];
  private readonly running = new Map<string, Generation>();
  private readonly runningChats = new Set<string>();
  private readonly background: BackgroundTask[] = [];
  private backgroundRunning = 0;

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
    const willRun = !chatBusy && this.busySlots + this.reservedToRun < this.maxConcurrent;
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

  /** Runs `task` once its chat is idle and a place is free (see BackgroundTask). */
  addBackground(task: BackgroundTask): void {
    this.background.push(task);
    this.pump();
  }

  /** Empties the background queue (shutdown); returns what was waiting. */
  drainBackground(): BackgroundTask[] {
    return this.background.splice(0, this.background.length);
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

  private get busySlots(): number {
    return this.running.size + this.backgroundRunning;
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.busySlots < this.maxConcurrent; ) {
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
    // Answers first: background work takes only a place no answer is waiting for.
    for (let i = 0; i < this.background.length && this.busySlots < this.maxConcurrent; ) {
      const task = this.background[i] as BackgroundTask;
      if (this.isChatBusy(task.chatId) || this.reservedChats.has(task.chatId)) {
        i += 1;
        continue;
      }
      this.background.splice(i, 1);
      this.backgroundRunning += 1;
      void task
        .run()
        .catch(() => undefined)
        .finally(() => {
          this.backgroundRunning -= 1;
          this.pump();
        });
    }
  }
}
