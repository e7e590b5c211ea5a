/**
 * What goes into the model's context window, decided in one place for both sides: the server trims
 * the conversation with `planContext` before sending it to Ollama, and the GUI's context meter runs
 * the same functions on the same branch to predict, before a send, what will be left out.
 *
 * - `effectiveNumCtx`: the window Ollama will really use (the chat's num_ctx, else Ollama's default,
 *   capped at the model's trained maximum as Ollama caps it).
 * - `branchCosts`: the tokens of each turn — Ollama's own `prompt_eval_count` for the part of the
 *   branch an earlier answer measured, the shared estimate (token-estimate.ts), calibrated by that
 *   measurement, for the rest.
 * - `planContext`: drops the oldest turns until the rest fits, keeping the system prompt and the latest turn.
 */
import type { MessageStatus, OlderMessages, Role } from './api';
import { OLDER_PREVIEW_CHARS } from './limits';
import { estimateTextTokens, estimateTurnTokens, TOKENS_PER_IMAGE, TOKENS_PER_TURN } from './token-estimate';

/**
 * The num_ctx Ollama uses when a request sets none: OLLAMA_CONTEXT_LENGTH on the Ollama server, else
 * 4096 on machines with less than 23 GiB of VRAM (ollama-api.md §4). The app cannot read Ollama's
 * environment, so it assumes the common default; a chat that sets num_ctx is exact.
 */
export const OLLAMA_DEFAULT_NUM_CTX = 4096;
/** Ollama raises the window of vision models to at least this. */
const VISION_MIN_NUM_CTX = 2048;
/** Tokens kept free for the answer when the chat sets no num_predict (at most a quarter of the window). */
const DEFAULT_ANSWER_RESERVE = 1024;

export interface ContextModel {
  /** The model's trained maximum (`<arch>.context_length`), null when unknown. */
  contextLength: number | null;
  capabilities?: readonly string[];
}

/** The window Ollama will use for this request. */
export function effectiveNumCtx(numCtx: number | undefined, model: ContextModel | null | undefined): number {
  let n = numCtx ?? OLLAMA_DEFAULT_NUM_CTX;
  // Ollama caps a requested window at the model's trained length.
  if (model?.contextLength) n = Math.min(n, model.contextLength);
  if (model?.capabilities?.includes('vision')) n = Math.max(n, VISION_MIN_NUM_CTX);
  return Math.max(4, Math.floor(n));
}

/** Tokens kept free for the answer: num_predict when the chat sets a positive one, never more than a quarter. */
export function answerReserve(contextLength: number, numPredict?: number): number {
  const wanted = numPredict !== undefined && numPredict > 0 ? numPredict : DEFAULT_ANSWER_RESERVE;
  return Math.min(wanted, Math.floor(contextLength / 4));
}

/** The parts of an attachment the estimate needs: images count a fixed amount, files their extracted text. */
interface AttachmentCost {
  kind: string;
  /** Tokens of a file's extracted text (text and PDF attachments); absent on images. */
  tokens?: number;
}

function attachmentTokens(a: AttachmentCost): number {
  return a.kind === 'image' ? TOKENS_PER_IMAGE : (a.tokens ?? 0);
}

/** A message as the context sees it (a `Message`, or the GUI's draft). */
export interface ContextMessage {
  role: Role;
  content: string;
  status: MessageStatus;
  attachments: readonly AttachmentCost[];
  metrics?: { promptEvalCount: number; droppedMessages?: number } | null;
  /** The estimate, made where the text was (a turn the GUI has not loaded: `OlderMessages.turnTokens`). */
  tokens?: number;
  /**
   * `estimateTextTokens(content)`, known without the text (the server's stored estimate): `content` is then left
   * empty, and an empty text is one whose estimate is 0.
   */
  textTokens?: number;
}

/**
 * Messages that become turns: an answer with nothing yet (queued, or failed before any text) is left out. An image
 * answer has no text but its pictures, and a vision model asked about them must see them.
 */
export function isContextTurn(
  m: Pick<ContextMessage, 'role' | 'content' | 'status' | 'attachments' | 'textTokens'>,
): boolean {
  const hasText = m.content.length > 0 || (m.textTokens ?? 0) > 0;
  return m.role !== 'assistant' || ((hasText || m.attachments.length > 0) && m.status !== 'queued');
}

export function estimateMessageTokens(
  m: Pick<ContextMessage, 'content' | 'attachments' | 'tokens' | 'textTokens'>,
): number {
  if (m.tokens !== undefined) return m.tokens;
  let files = 0;
  let images = 0;
  for (const a of m.attachments) {
    if (a.kind === 'image') images += 1;
    else files += attachmentTokens(a);
  }
  return (m.textTokens ?? estimateTextTokens(m.content)) + images * TOKENS_PER_IMAGE + TOKENS_PER_TURN + files;
}

/**
 * What the messages response says of the part of a branch it leaves out (`older`), from those messages, oldest
 * first. `firstTurnText` is the oldest turn's text, when the messages came without theirs (`textTokens`).
 */
export function summarizeOlder(
  messages: readonly ContextMessage[],
  firstTurnText = messages.find(isContextTurn)?.content ?? '',
): OlderMessages {
  const turns = messages.filter(isContextTurn);
  const line = firstTurnText.trim().split('\n')[0] ?? '';
  const measured: OlderMessages['measured'] = [];
  turns.forEach((m, turn) => {
    const promptEvalCount = calibrationCount(m);
    if (promptEvalCount !== null) measured.push({ turn, promptEvalCount });
  });
  return {
    count: messages.length,
    system: messages.filter((m) => m.role === 'system').length,
    turnTokens: turns.map(estimateMessageTokens),
    firstText: line.slice(0, OLDER_PREVIEW_CHARS),
    measured,
  };
}

/**
 * What is left above once `page` (the messages right above the loaded part, oldest first) is loaded too: `older`
 * without them, null at the root. A page asked for with `before` comes without a summary of its own: everything
 * above it is the same path as when `older` was summarized (messages never change their parent), so this is what
 * `summarizeOlder` of the rest would say, without the server reading and estimating all of it for every page.
 */
export function olderAbove(
  older: OlderMessages,
  page: readonly (ContextMessage & { parentId?: string | null })[],
): OlderMessages | null {
  const count = older.count - page.length;
  // A page that holds the root (or nothing) ends the branch whatever the count says.
  if (count <= 0 || page.length === 0 || page[0]?.parentId === null) return null;
  const turnsLeft = older.turnTokens.length - page.filter(isContextTurn).length;
  return {
    count,
    system: older.system - page.filter((m) => m.role === 'system').length,
    turnTokens: older.turnTokens.slice(0, Math.max(0, turnsLeft)),
    firstText: turnsLeft > 0 ? older.firstText : '',
    measured: older.measured.filter((m) => m.turn < turnsLeft),
  };
}

/**
 * The turns `older` stands for, as the context sees them: each with its estimate, the oldest with its first line
 * (what "will be left out" names). Their role and text are placeholders otherwise.
 */
export function olderTurns(older: OlderMessages): ContextMessage[] {
  const counts = new Map(older.measured.map((m) => [m.turn, m.promptEvalCount]));
  return older.turnTokens.map((tokens, i) => {
    const promptEvalCount = counts.get(i);
    return {
      role: promptEvalCount === undefined ? 'user' : 'assistant',
      content: i === 0 ? older.firstText : '',
      status: 'complete',
      attachments: [],
      tokens,
      ...(promptEvalCount === undefined ? {} : { metrics: { promptEvalCount } }),
    };
  });
}

/**
 * Ollama's count of the prompt of a complete answer that saw its whole conversation (nothing left out), which
 * may calibrate the estimate of the turns before it and after it (`branchCosts`); null for any other message.
 */
export function calibrationCount(m: Pick<ContextMessage, 'role' | 'status' | 'metrics'>): number | null {
  const measured = m.role === 'assistant' && m.status === 'complete' ? m.metrics : null;
  if (!measured || measured.promptEvalCount <= 0 || (measured.droppedMessages ?? 0) > 0) return null;
  return measured.promptEvalCount;
}

export interface BranchCosts {
  systemTokens: number;
  /** Tokens of each turn of `turns`, in order. */
  costs: number[];
  /** How many leading turns (after the system prompt) Ollama's count covers; 0 = all estimated. */
  measuredTurns: number;
}

/**
 * A measured prompt smaller than this share of the estimate is not the whole prompt: Ollama reports
 * only the tokens it evaluated, and with its prompt cache warm that is just the newest turn.
 */
const MIN_PLAUSIBLE_MEASURE = 0.5;
/** Estimated tokens a measurement must cover before its ratio calibrates the estimate of newer turns. */
const MIN_CALIBRATION_TOKENS = 32;

/**
 * The tokens of the system prompt and of each turn (`turns` already filtered with isContextTurn).
 * The newest answer whose counters cover its whole prompt (nothing was dropped, the count is
 * plausible) replaces the estimate of everything before it: its count is spread over those turns in
 * proportion to their estimates, so their sum is exactly what Ollama counted. The turns after it are
 * still estimates, scaled by the same measured/estimated ratio: text of one chat (code, numbers,
 * prose) tends to tokenize alike, so the ratio measured on its earlier turns is the better guess.
 */
export function branchCosts(systemPrompt: string, turns: readonly ContextMessage[]): BranchCosts {
  const systemTokens = systemPrompt.trim() ? estimateTurnTokens(systemPrompt) : 0;
  const costs = turns.map(estimateMessageTokens);
  // sumBefore[j]: the estimate of the turns ahead of turn j. Summed once: with Ollama's prompt cache warm every
  // answer measures only its newest turn, so each is a candidate found implausible, and summing ahead of each one
  // made this quadratic (~90 ms for 10,000 turns).
  const sumBefore = [0];
  for (const cost of costs) sumBefore.push((sumBefore.at(-1) as number) + cost);
  for (let j = turns.length - 1; j > 0; j -= 1) {
    const measured = calibrationCount(turns[j] as ContextMessage);
    if (measured === null) continue;
    const estimated = systemTokens + (sumBefore[j] as number);
    if (estimated <= 0 || measured < estimated * MIN_PLAUSIBLE_MEASURE) continue;
    const scale = measured / estimated;
    // A short prompt is mostly template overhead: its ratio says little about the text that follows.
    const ahead = estimated >= MIN_CALIBRATION_TOKENS ? scale : 1;
    // Rounded cumulatively, so the scaled parts before the answer add up to the measured count exactly.
    let before = 0;
    let rounded = 0;
    const scaled = [systemTokens, ...costs].map((cost, i) => {
      if (i > j) return Math.round(cost * ahead);
      before += cost;
      const next = Math.round(before * scale);
      const part = next - rounded;
      rounded = next;
      return part;
    });
    return { systemTokens: scaled[0] ?? 0, costs: scaled.slice(1), measuredTurns: j };
  }
  return { systemTokens, costs, measuredTurns: 0 };
}

export interface ContextPlan {
  contextLength: number;
  /** Kept free for the answer. */
  reserve: number;
  /** System prompt + every turn, before anything is left out. */
  totalTokens: number;
  /** System prompt + the turns that are sent. */
  keptTokens: number;
  /** The first `dropped` turns are left out. */
  dropped: number;
}

/**
 * Oldest turns are dropped first until the rest plus the reserve fits; the system prompt and the
 * latest turn are always sent (Ollama would cut the latest itself if even that does not fit).
 */
export function planContext(input: {
  systemTokens: number;
  costs: readonly number[];
  contextLength: number;
  numPredict?: number;
}): ContextPlan {
  const reserve = answerReserve(input.contextLength, input.numPredict);
  const totalTokens = input.systemTokens + input.costs.reduce((a, b) => a + b, 0);
  let budget = input.contextLength - reserve - input.systemTokens;
  let keptTokens = input.systemTokens;
  let kept = 0;
  for (let i = input.costs.length - 1; i >= 0; i -= 1) {
    const cost = input.costs[i] as number;
    if (kept > 0 && cost > budget) break;
    kept += 1;
    budget -= cost;
    keptTokens += cost;
  }
  return { contextLength: input.contextLength, reserve, totalTokens, keptTokens, dropped: input.costs.length - kept };
}
