import { describe, expect, it } from 'vitest';
import {
  answerReserve,
  branchCosts,
  type ContextMessage,
  effectiveNumCtx,
  estimateMessageTokens,
  isContextTurn,
  OLLAMA_DEFAULT_NUM_CTX,
  planContext,
} from '../../src/shared/context-plan';
import { estimateTurnTokens, TOKENS_PER_IMAGE } from '../../src/shared/token-estimate';

const user = (content: string, extra: Partial<ContextMessage> = {}): ContextMessage => ({
  role: 'user',
  content,
  status: 'complete',
  attachments: [],
  ...extra,
});
const answer = (content: string, promptEvalCount?: number, droppedMessages?: number): ContextMessage => ({
  role: 'assistant',
  content,
  status: 'complete',
  attachments: [],
  metrics: promptEvalCount === undefined ? null : { promptEvalCount, droppedMessages },
});

describe('the num_ctx Ollama will use', () => {
  it("is the chat's num_ctx, else Ollama's default, capped at the model's maximum", () => {
    expect(effectiveNumCtx(undefined, null)).toBe(OLLAMA_DEFAULT_NUM_CTX);
    expect(effectiveNumCtx(8192, null)).toBe(8192);
    expect(effectiveNumCtx(undefined, { contextLength: 131072 })).toBe(4096);
    expect(effectiveNumCtx(200_000, { contextLength: 131072 })).toBe(131072);
    expect(effectiveNumCtx(undefined, { contextLength: 2048 })).toBe(2048);
  });

  it('is at least 2048 for vision models', () => {
    expect(effectiveNumCtx(512, { contextLength: 8192, capabilities: ['completion', 'vision'] })).toBe(2048);
    expect(effectiveNumCtx(512, { contextLength: 8192, capabilities: ['completion'] })).toBe(512);
  });

  it('keeps num_predict free for the answer, at most a quarter of the window', () => {
    expect(answerReserve(4096)).toBe(1024);
    expect(answerReserve(2048)).toBe(512);
    expect(answerReserve(8192, 300)).toBe(300);
    expect(answerReserve(8192, -1)).toBe(1024);
  });
});

describe('what a message costs', () => {
  it('counts images at the fixed figure and files at their own token count', () => {
    expect(
      estimateMessageTokens({
        content: 'abcd',
        attachments: [{ kind: 'image' }, { kind: 'file', tokens: 120 }, { kind: 'file' }],
      }),
    ).toBe(estimateTurnTokens('abcd', 1) + 120);
    expect(estimateTurnTokens('', 1)).toBeGreaterThanOrEqual(TOKENS_PER_IMAGE);
  });

  it('leaves out answers with no text yet, but keeps an image answer', () => {
    const none: never[] = [];
    expect(isContextTurn({ role: 'assistant', content: '', status: 'error', attachments: none })).toBe(false);
    expect(isContextTurn({ role: 'assistant', content: 'partial', status: 'queued', attachments: none })).toBe(false);
    expect(isContextTurn({ role: 'assistant', content: 'partial', status: 'cancelled', attachments: none })).toBe(true);
    expect(isContextTurn({ role: 'user', content: '', status: 'complete', attachments: none })).toBe(true);
    const picture = [{ kind: 'image' as const }];
    expect(isContextTurn({ role: 'assistant', content: '', status: 'complete', attachments: picture })).toBe(true);
  });
});

describe("reconciling with Ollama's prompt_eval_count", () => {
  it('uses the estimate when nothing was measured', () => {
    const turns = [user('hello there'), answer('hi')];
    const costs = branchCosts('Be kind.', turns);
    expect(costs.measuredTurns).toBe(0);
    expect(costs.systemTokens).toBe(estimateTurnTokens('Be kind.'));
    expect(costs.costs).toEqual(turns.map(estimateMessageTokens));
  });

  it("replaces the estimate of everything before the newest measured answer by its count, and calibrates what's new", () => {
    const turns = [user('a'.repeat(400)), answer('b'.repeat(200), 250), user('c'.repeat(40))];
    const costs = branchCosts('sys prompt', turns);
    expect(costs.measuredTurns).toBe(1);
    expect(costs.systemTokens + (costs.costs[0] ?? 0)).toBe(250);
    const estimatedBefore = estimateTurnTokens('sys prompt') + estimateMessageTokens(turns[0] as ContextMessage);
    const scale = 250 / estimatedBefore;
    expect(costs.costs.slice(1)).toEqual(turns.slice(1).map((t) => Math.round(estimateMessageTokens(t) * scale)));
  });

  it('does not calibrate from a prompt too short to say anything about the text', () => {
    const turns = [user('hi'), answer('b'.repeat(200), 12), user('c'.repeat(40))];
    const costs = branchCosts('', turns);
    expect(costs.measuredTurns).toBe(1);
    expect(costs.costs[0]).toBe(12);
    expect(costs.costs.slice(1)).toEqual(turns.slice(1).map(estimateMessageTokens));
  });

  it('ignores a count that cannot be the whole prompt (turns dropped, or a warm prompt cache)', () => {
    const turns = [user('a'.repeat(4000)), answer('b', 12), user('c')];
    expect(branchCosts('', turns).measuredTurns).toBe(0);
    const dropped = [user('a'.repeat(400)), answer('b', 120, 2), user('c')];
    expect(branchCosts('', dropped).measuredTurns).toBe(0);
  });

  it('takes the newest usable measurement', () => {
    const turns = [user('a'.repeat(40)), answer('b'.repeat(40), 30), user('c'.repeat(40)), answer('d', 70), user('e')];
    const costs = branchCosts('', turns);
    expect(costs.measuredTurns).toBe(3);
    expect(costs.costs.slice(0, 3).reduce((a, b) => a + b, 0)).toBe(70);
  });
});

describe('planning the context', () => {
  it('keeps everything that fits', () => {
    const plan = planContext({ systemTokens: 10, costs: [100, 100, 100], contextLength: 4096 });
    expect(plan).toEqual({ contextLength: 4096, reserve: 1024, totalTokens: 310, keptTokens: 310, dropped: 0 });
  });

  it('drops the oldest turns first and always keeps the latest', () => {
    const plan = planContext({ systemTokens: 100, costs: [1000, 1000, 1000, 500], contextLength: 3000 });
    // budget 3000 - 750 reserve - 100 system = 2150: the 500 and one 1000 fit.
    expect(plan.dropped).toBe(2);
    expect(plan.keptTokens).toBe(1600);
    expect(plan.totalTokens).toBe(3600);
    const huge = planContext({ systemTokens: 0, costs: [10, 100_000], contextLength: 2048 });
    expect(huge.dropped).toBe(1);
  });

  it('stops at the first turn that does not fit, even if an older one would', () => {
    const plan = planContext({ systemTokens: 0, costs: [10, 5000, 100], contextLength: 4096 });
    expect(plan.dropped).toBe(2);
  });
});
