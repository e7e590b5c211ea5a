/**
 * Builds the conversation sent to Ollama (DESIGN §4.6): the branch from the root to the user's
 * message, the chat's system prompt, images of the branch, trimmed to the context window with the
 * oldest turns dropped first and the system prompt and the latest turn always kept.
 */
import type { Message } from '../../shared/api';
import { estimateTurnTokens } from '../../shared/token-estimate';
import type { ChatTurn } from '../ollama-client';

const DEFAULT_ANSWER_RESERVE = 1024;

export interface BuiltContext {
  turns: ChatTurn[];
  /** How many earlier messages were left out to fit the context window. */
  droppedMessages: number;
}

export function estimateTokens(turn: ChatTurn): number {
  return estimateTurnTokens(turn.content, turn.images?.length ?? 0);
}

export async function buildContext(input: {
  path: Message[];
  systemPrompt: string;
  contextLength: number | null;
  answerReserve?: number;
  loadImage: (attachmentId: string) => Promise<string>;
}): Promise<BuiltContext> {
  // An image answer has no text but its pictures: a vision model asked about them must see them.
  const usable = input.path.filter(
    (m) => m.role !== 'assistant' || ((m.content.length > 0 || m.attachments.length > 0) && m.status !== 'queued'),
  );
  const history: ChatTurn[] = [];
  for (const m of usable) {
    const turn: ChatTurn = { role: m.role, content: m.content };
    const images = m.attachments.filter((a) => a.kind === 'image');
    if (images.length > 0) turn.images = await Promise.all(images.map((a) => input.loadImage(a.id)));
    history.push(turn);
  }
  const system: ChatTurn[] = input.systemPrompt.trim() ? [{ role: 'system', content: input.systemPrompt }] : [];
  if (input.contextLength === null) return { turns: [...system, ...history], droppedMessages: 0 };

  const reserve = Math.min(input.answerReserve ?? DEFAULT_ANSWER_RESERVE, Math.floor(input.contextLength / 4));
  let budget = input.contextLength - reserve - system.reduce((n, t) => n + estimateTokens(t), 0);
  const kept: ChatTurn[] = [];
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const turn = history[i] as ChatTurn;
    const cost = estimateTokens(turn);
    if (kept.length > 0 && cost > budget) break;
    kept.unshift(turn);
    budget -= cost;
  }
  return { turns: [...system, ...kept], droppedMessages: history.length - kept.length };
}
