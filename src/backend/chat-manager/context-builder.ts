/**
 * Builds the conversation sent to Ollama (DESIGN §4.6): the branch from the root to the user's
 * message, the chat's system prompt, images of the branch, trimmed to the context window with the
 * oldest turns dropped first and the system prompt and the latest turn always kept. What is
 * dropped is decided by the shared plan (src/shared/context-plan.ts), the one the GUI's meter predicts with.
 */
import type { Message } from '../../shared/api';
import { branchCosts, type ContextMessage, isContextTurn, planContext } from '../../shared/context-plan';
import { type FileForContext, withFileContext } from '../attachments';
import type { MessageTurn } from '../history-manager';
import type { ChatTurn } from '../ollama-client';

export interface BuiltContext {
  turns: ChatTurn[];
  /** How many earlier messages were left out to fit the context window. */
  droppedMessages: number;
}

export interface ContextWindow {
  systemPrompt: string;
  /** The window Ollama will use (effectiveNumCtx); null = send everything. */
  contextLength: number | null;
  /** The chat's num_predict: what is kept free for the answer (capped at a quarter of the window). */
  answerReserve?: number;
}

interface TurnLoaders {
  loadImage: (attachmentId: string) => Promise<string>;
  /** The text of a text or PDF attachment; without it such files are left out. */
  loadFileText?: (attachmentId: string) => Promise<string>;
}

/** How many of the path's oldest context turns the window leaves out: the shared plan, from what the estimate needs. */
export function droppedTurns(path: readonly ContextMessage[], window: ContextWindow): number {
  if (window.contextLength === null) return 0;
  const { systemTokens, costs } = branchCosts(window.systemPrompt, path.filter(isContextTurn));
  return planContext({
    systemTokens,
    costs,
    contextLength: window.contextLength,
    numPredict: window.answerReserve,
  }).dropped;
}

/**
 * How many of the path's newest messages hold every turn kept when the oldest `dropped` turns are left out: only
 * those need reading in full (texts of files, images).
 */
export function messagesHoldingKeptTurns(path: readonly ContextMessage[], dropped: number): number {
  let turns = 0;
  for (let i = 0; i < path.length; i += 1) {
    if (!isContextTurn(path[i] as ContextMessage)) continue;
    if (turns === dropped) return path.length - i;
    turns += 1;
  }
  return 0;
}

/** The context of a whole path: planned, then the kept turns assembled. */
export function buildContext(input: { path: Message[] } & ContextWindow & TurnLoaders): Promise<BuiltContext> {
  const dropped = droppedTurns(input.path, input);
  return assembleContext({ ...input, kept: input.path.filter(isContextTurn).slice(dropped), droppedMessages: dropped });
}

/** The system prompt and the kept turns, with their files' text and images read (only theirs). */
export async function assembleContext(
  input: { kept: readonly MessageTurn[]; systemPrompt: string; droppedMessages: number } & TurnLoaders,
): Promise<BuiltContext> {
  const system: ChatTurn[] = input.systemPrompt.trim() ? [{ role: 'system', content: input.systemPrompt }] : [];
  const history: ChatTurn[] = [];
  for (const m of input.kept) {
    const turn: ChatTurn = { role: m.role, content: await contentWithFiles(m, input.loadFileText) };
    const images = m.attachments.filter((a) => a.kind === 'image');
    if (images.length > 0) turn.images = await Promise.all(images.map((a) => input.loadImage(a.id)));
    history.push(turn);
  }
  return { turns: [...system, ...history], droppedMessages: input.droppedMessages };
}

/** The message's text with its text and PDF files in front, read now (from the blob store) rather than stored twice. */
async function contentWithFiles(m: MessageTurn, load: ((id: string) => Promise<string>) | undefined): Promise<string> {
  if (!load) return m.content;
  const files: FileForContext[] = [];
  for (const a of m.attachments) {
    if (a.kind === 'image') continue;
    files.push({ name: a.name, kind: a.kind, pages: a.pages, text: await load(a.id) });
  }
  return withFileContext(m.content, files);
}
