/**
 * Builds the conversation sent to Ollama (DESIGN §4.6): the branch from the root to the user's
 * message, the chat's system prompt, images of the branch, trimmed to the context window with the
 * oldest turns dropped first and the system prompt and the latest turn always kept. What is
 * dropped is decided by the shared plan (src/shared/context-plan.ts), the one the GUI's meter predicts with.
 */
import type { Message } from '../../shared/api';
import { branchCosts, isContextTurn, planContext } from '../../shared/context-plan';
import { type FileForContext, withFileContext } from '../attachments';
import type { ChatTurn } from '../ollama-client';

export interface BuiltContext {
  turns: ChatTurn[];
  /** How many earlier messages were left out to fit the context window. */
  droppedMessages: number;
}

export async function buildContext(input: {
  path: Message[];
  systemPrompt: string;
  /** The window Ollama will use (effectiveNumCtx); null = send everything. */
  contextLength: number | null;
  /** The chat's num_predict: what is kept free for the answer (capped at a quarter of the window). */
  answerReserve?: number;
  loadImage: (attachmentId: string) => Promise<string>;
  /** The text of a text or PDF attachment; without it such files are left out. */
  loadFileText?: (attachmentId: string) => Promise<string>;
}): Promise<BuiltContext> {
  const usable = input.path.filter(isContextTurn);
  const system: ChatTurn[] = input.systemPrompt.trim() ? [{ role: 'system', content: input.systemPrompt }] : [];
  let first = 0;
  if (input.contextLength !== null) {
    const { systemTokens, costs } = branchCosts(input.systemPrompt, usable);
    first = planContext({
      systemTokens,
      costs,
      contextLength: input.contextLength,
      numPredict: input.answerReserve,
    }).dropped;
  }
  const history: ChatTurn[] = [];
  // Only the turns that are sent have their images and files read.
  for (const m of usable.slice(first)) {
    const turn: ChatTurn = { role: m.role, content: await contentWithFiles(m, input.loadFileText) };
    const images = m.attachments.filter((a) => a.kind === 'image');
    if (images.length > 0) turn.images = await Promise.all(images.map((a) => input.loadImage(a.id)));
    history.push(turn);
  }
  return { turns: [...system, ...history], droppedMessages: first };
}

/** The message's text with its text and PDF files in front, read now (from the blob store) rather than stored twice. */
async function contentWithFiles(m: Message, load: ((id: string) => Promise<string>) | undefined): Promise<string> {
  if (!load) return m.content;
  const files: FileForContext[] = [];
  for (const a of m.attachments) {
    if (a.kind === 'image') continue;
    files.push({ name: a.name, kind: a.kind, pages: a.pages, text: await load(a.id) });
  }
  return withFileContext(m.content, files);
}
