/**
 * The context meter's prediction: what the next send puts in the model's window, computed with the
 * server's own rules (src/shared/context-plan.ts) on the branch the GUI shows, so "these turns will
 * be left out" names exactly the turns the server will leave out.
 */
import type { ChatOptions, Message, OlderMessages } from '../../../shared/api';
import {
  answerReserve,
  branchCosts,
  type ContextMessage,
  type ContextModel,
  type ContextPlan,
  effectiveNumCtx,
  isContextTurn,
  olderTurns,
  planContext,
} from '../../../shared/context-plan';
import { estimateTextTokens } from '../../../shared/token-estimate';
import type { LocalAttachment, PendingSend } from '../thread/thread-types';

export interface Draft {
  text: string;
  attachments: readonly LocalAttachment[];
  /** A user message being edited: the send branches off above it. */
  editing: Message | null;
}

export interface ContextPrediction {
  plan: ContextPlan;
  /** Earlier messages the server will leave out, oldest first. */
  dropped: ContextMessage[];
  /** Some of the count is Ollama's own (an earlier answer's prompt_eval_count). */
  measured: boolean;
  /** A window that would hold everything, within the model's maximum; null when none would or it is unknown. */
  raiseTo: number | null;
  /** The model's trained maximum, when known. */
  maxContext: number | null;
}

/** num_ctx steps offered when raising: powers of two, as Ollama's own defaults are. */
const STEPS = [2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576];

function localCost(a: LocalAttachment): { kind: string; tokens?: number } {
  return a.mime.startsWith('image/') ? { kind: 'image' } : { kind: 'file', tokens: a.tokens ?? 0 };
}

function pendingTurn(p: PendingSend): ContextMessage {
  return { role: 'user', content: p.content, status: 'complete', attachments: p.attachments.map(localCost) };
}

/**
 * Each loaded message as a turn of the plan, with its text's estimate, made once per message object: the
 * thread store replaces a message's object whenever it changes, so the estimate can't go stale. The
 * prediction runs again on every keystroke in the composer and every page of older messages; estimating
 * every loaded text each time cost ~30 ms at 10,000 loaded messages.
 */
const turnOfMessage = new WeakMap<Message, ContextMessage>();

function messageTurn(m: Message): ContextMessage {
  let turn = turnOfMessage.get(m);
  if (!turn) {
    turn = { ...m, textTokens: estimateTextTokens(m.content) };
    turnOfMessage.set(m, turn);
  }
  return turn;
}

/** What the branch holds, the draft aside. */
export interface BranchInput {
  messages: readonly Message[];
  /** The part of the branch above `messages` the GUI has not loaded: counted by the server's estimates. */
  older?: OlderMessages | null;
  pending: readonly PendingSend[];
  /** Live text of answers still streaming, by id (they will be in the context once finished). */
  liveContent?: Readonly<Record<string, string>>;
  /** A user message being edited: the send branches off above it. */
  editing: Message | null;
}

/** The chat's settings the plan follows. */
export interface PlanSettings {
  systemPrompt: string;
  options: ChatOptions;
  model: ContextModel | null;
}

/**
 * The turns ahead of the draft in the next send's context, oldest first: the unloaded part of the branch, the
 * loaded messages (above the one being edited), and sends not stored yet. They change with the thread, not
 * with each keystroke: the meter makes them once per change (a 10,000-message branch is a few ms of work).
 */
export function branchTurns(input: BranchInput): ContextMessage[] {
  let shown: readonly Message[] = input.messages;
  let pending = input.pending;
  if (input.editing) {
    const at = shown.findIndex((m) => m.id === input.editing?.id);
    if (at >= 0) shown = shown.slice(0, at);
    pending = [];
  }
  const turns: ContextMessage[] = input.older ? olderTurns(input.older) : [];
  for (const m of shown) {
    const live = input.liveContent?.[m.id];
    // A streaming answer counts with the text so far: it will be in the context, finished.
    const turn =
      live !== undefined && m.role === 'assistant'
        ? { ...m, content: live, status: 'streaming' as const }
        : messageTurn(m);
    if (isContextTurn(turn)) turns.push(turn);
  }
  for (const p of pending) turns.push(pendingTurn(p));
  return turns;
}

export function predictContext(
  input: Omit<BranchInput, 'editing'> & PlanSettings & { draft: Draft },
): ContextPrediction {
  return predictWithDraft(branchTurns({ ...input, editing: input.draft.editing }), input.draft, input);
}

/** The prediction for `branch` (from `branchTurns`, with the same draft's `editing`) and the draft after it. */
export function predictWithDraft(
  branch: readonly ContextMessage[],
  draft: Draft,
  settings: PlanSettings,
): ContextPrediction {
  const planned = [...branch];
  if (draft.text.trim() !== '' || draft.attachments.length > 0) {
    planned.push({
      role: 'user',
      content: draft.text,
      status: 'complete',
      attachments: draft.attachments.map(localCost),
    });
  }
  const contextLength = effectiveNumCtx(settings.options.num_ctx, settings.model);
  const costs = branchCosts(settings.systemPrompt, planned);
  const plan = planContext({
    systemTokens: costs.systemTokens,
    costs: costs.costs,
    contextLength,
    numPredict: settings.options.num_predict,
  });
  const maxContext = settings.model?.contextLength ?? null;
  return {
    plan,
    dropped: planned.slice(0, plan.dropped),
    measured: costs.measuredTurns > 0,
    raiseTo:
      plan.dropped > 0 ? windowFor(plan.totalTokens, contextLength, maxContext, settings.options.num_predict) : null,
    maxContext,
  };
}

/** The smallest step above `current` that holds `tokens` plus the answer's reserve, within `max`. */
export function windowFor(tokens: number, current: number, max: number | null, numPredict?: number): number | null {
  const fits = (n: number) => tokens + answerReserve(n, numPredict) <= n;
  for (const step of STEPS) {
    if (step <= current) continue;
    if (max !== null && step > max) break;
    if (fits(step)) return step;
  }
  // The model's own maximum may lie between two steps.
  if (max !== null && max > current && fits(max)) return max;
  return null;
}

/** `3.1k` for 3,174 tokens and `8k` for 8,192 (k = 1024, as num_ctx values are counted). */
export function formatTokens(n: number): string {
  if (n < 1024) return String(Math.round(n));
  const k = n / 1024;
  if (k >= 10) return `${Math.round(k)}k`;
  const one = Math.round(k * 10) / 10;
  return `${Number.isInteger(one) ? one.toFixed(0) : one.toFixed(1)}k`;
}
