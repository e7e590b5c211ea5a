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

export function predictContext(input: {
  messages: readonly Message[];
  /** The part of the branch above `messages` the GUI has not loaded: counted by the server's estimates. */
  older?: OlderMessages | null;
  pending: readonly PendingSend[];
  /** Live text of answers still streaming, by id (they will be in the context once finished). */
  liveContent?: Readonly<Record<string, string>>;
  systemPrompt: string;
  options: ChatOptions;
  model: ContextModel | null;
  draft: Draft;
}): ContextPrediction {
  const { draft } = input;
  let shown: readonly Message[] = input.messages;
  let pending = input.pending;
  if (draft.editing) {
    const at = shown.findIndex((m) => m.id === draft.editing?.id);
    if (at >= 0) shown = shown.slice(0, at);
    pending = [];
  }
  const turns: ContextMessage[] = input.older ? olderTurns(input.older) : [];
  const shownTurns = shown
    .map((m) => {
      const live = input.liveContent?.[m.id];
      // A streaming answer counts with the text so far: it will be in the context, finished.
      return live !== undefined && m.role === 'assistant' ? { ...m, content: live, status: 'streaming' as const } : m;
    })
    .filter(isContextTurn);
  turns.push(...shownTurns, ...pending.map(pendingTurn));
  if (draft.text.trim() !== '' || draft.attachments.length > 0) {
    turns.push({
      role: 'user',
      content: draft.text,
      status: 'complete',
      attachments: draft.attachments.map(localCost),
    });
  }
  const contextLength = effectiveNumCtx(input.options.num_ctx, input.model);
  const costs = branchCosts(input.systemPrompt, turns);
  const plan = planContext({
    systemTokens: costs.systemTokens,
    costs: costs.costs,
    contextLength,
    numPredict: input.options.num_predict,
  });
  const maxContext = input.model?.contextLength ?? null;
  return {
    plan,
    dropped: turns.slice(0, plan.dropped),
    measured: costs.measuredTurns > 0,
    raiseTo:
      plan.dropped > 0 ? windowFor(plan.totalTokens, contextLength, maxContext, input.options.num_predict) : null,
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
