// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContextMeter } from '../../src/gui/chat-window/context-meter/context-meter';
import {
  branchTurns,
  formatTokens,
  predictContext,
  predictWithDraft,
  windowFor,
} from '../../src/gui/chat-window/context-meter/predict';
import type { Message } from '../../src/shared/api';
import { branchCosts, planContext } from '../../src/shared/context-plan';
import { makeMessage } from '../support/thread-fixtures';

afterEach(cleanup);

let n = 0;
/** A complete message of chat `c` with no model, numbered in order. */
function msg(role: Message['role'], content: string, patch: Partial<Message> = {}): Message {
  n += 1;
  return makeMessage(`m${n}`, { chatId: 'c', role, content, model: null, siblingIds: [], ...patch });
}

const noDraft = { text: '', attachments: [], editing: null };
const model = { contextLength: 32768, capabilities: ['completion'] };

describe('the context prediction', () => {
  it('matches the plan the server makes for the same branch plus the draft', () => {
    // 1,500 + 1,500 + 100 tokens of words (4.4 characters a token).
    const messages = [msg('user', 'a'.repeat(6600)), msg('assistant', 'b'.repeat(6600)), msg('user', 'c'.repeat(440))];
    const p = predictContext({
      messages,
      pending: [],
      systemPrompt: 'Be brief.',
      options: { num_ctx: 4096 },
      model,
      draft: { text: 'next question', attachments: [], editing: null },
    });
    const turns = [...messages, msg('user', 'next question')];
    const costs = branchCosts('Be brief.', turns);
    expect(p.plan).toEqual(planContext({ ...costs, contextLength: 4096 }));
    expect(p.plan.dropped).toBe(1);
    expect(p.dropped[0]?.content).toBe(messages[0]?.content);
    expect(p.raiseTo).toBe(8192);
  });

  it('plans the branch once and each draft after it as the whole prediction does, and follows a replaced message', () => {
    const messages = [msg('user', 'a'.repeat(6600)), msg('assistant', 'b'.repeat(6600)), msg('user', 'c'.repeat(440))];
    const settings = { systemPrompt: 'Be brief.', options: { num_ctx: 4096 }, model };
    const branch = branchTurns({ messages, pending: [], editing: null });
    for (const text of ['', 'n', 'next question', 'd'.repeat(9000)]) {
      const draft = { text, attachments: [], editing: null };
      expect(predictWithDraft(branch, draft, settings)).toEqual(
        predictContext({ messages, pending: [], ...settings, draft }),
      );
    }
    // The store gives a changed message a new object: its estimate is made again, not taken from the old one.
    const longer = [...messages.slice(0, 2), { ...(messages[2] as Message), content: 'c'.repeat(4400) }];
    const before = predictContext({ messages, pending: [], ...settings, draft: noDraft });
    const after = predictContext({ messages: longer, pending: [], ...settings, draft: noDraft });
    expect(after.plan.totalTokens - before.plan.totalTokens).toBe(900);
  });

  it("uses Ollama's default window when the chat sets none, and the model's cap", () => {
    expect(
      predictContext({ messages: [], pending: [], systemPrompt: '', options: {}, model, draft: noDraft }).plan
        .contextLength,
    ).toBe(4096);
    expect(
      predictContext({
        messages: [],
        pending: [],
        systemPrompt: '',
        options: { num_ctx: 65536 },
        model,
        draft: noDraft,
      }).plan.contextLength,
    ).toBe(32768);
  });

  it('counts the draft, its images and pending sends; an edit branches off above the edited message', () => {
    const first = msg('user', 'first');
    const answer = msg('assistant', 'answer');
    const base = { messages: [first, answer], systemPrompt: '', options: {}, model };
    const plain = predictContext({ ...base, pending: [], draft: noDraft });
    const withImage = predictContext({
      ...base,
      pending: [],
      draft: {
        text: 'look',
        attachments: [{ id: 'l1', name: 'a.png', mime: 'image/png', size: 1, dataUrl: '' }],
        editing: null,
      },
    });
    expect(withImage.plan.totalTokens - plain.plan.totalTokens).toBeGreaterThanOrEqual(768);
    const withFile = predictContext({
      ...base,
      pending: [],
      draft: {
        text: '',
        attachments: [{ id: 'l2', name: 'a.txt', mime: 'text/plain', size: 1, dataUrl: '', tokens: 500 }],
        editing: null,
      },
    });
    expect(withFile.plan.totalTokens - plain.plan.totalTokens).toBeGreaterThanOrEqual(500);
    const editing = predictContext({ ...base, pending: [], draft: { text: 'x', attachments: [], editing: first } });
    expect(editing.plan.totalTokens).toBeLessThan(plain.plan.totalTokens);
  });

  it("reconciles with the last answer's prompt_eval_count", () => {
    const u = msg('user', 'hello there, how are you doing today?');
    const a = msg('assistant', 'fine', {
      metrics: {
        ttftMs: null,
        totalDurationMs: 0,
        loadDurationMs: 0,
        promptEvalCount: 20,
        promptEvalDurationMs: 0,
        evalCount: 1,
        evalDurationMs: 0,
        tokensPerSecond: null,
        promptTokensPerSecond: null,
        doneReason: 'stop',
      },
    });
    const p = predictContext({ messages: [u, a], pending: [], systemPrompt: '', options: {}, model, draft: noDraft });
    expect(p.measured).toBe(true);
    // The prompt before `a` was short (under the calibration minimum): `a` itself stays an estimate.
    expect(p.plan.totalTokens).toBe(20 + (branchCosts('', [a]).costs[0] ?? 0));
  });

  it('offers the smallest power of two that holds it all, within the maximum', () => {
    expect(windowFor(5000, 4096, 131072)).toBe(8192);
    expect(windowFor(7500, 4096, 131072)).toBe(16384);
    expect(windowFor(7500, 4096, 10000)).toBe(10000);
    expect(windowFor(50_000, 4096, 8192)).toBeNull();
    expect(windowFor(5000, 4096, null)).toBe(8192);
  });

  it('formats token counts compactly', () => {
    expect(formatTokens(850)).toBe('850');
    expect(formatTokens(3174)).toBe('3.1k');
    expect(formatTokens(8192)).toBe('8k');
    expect(formatTokens(131072)).toBe('128k');
  });
});

describe('the context meter', () => {
  const over = () =>
    predictContext({
      messages: [msg('user', 'Tell me about whales'), msg('assistant', 'w'.repeat(16000))],
      pending: [],
      systemPrompt: '',
      options: {},
      model,
      draft: { text: 'and dolphins?', attachments: [], editing: null },
    });

  it('shows the fill and turns to a warning when turns will be left out, naming them', () => {
    render(<ContextMeter prediction={over()} held={false} onRaise={null} onSendAnyway={vi.fn()} onCancel={vi.fn()} />);
    expect(screen.getByTestId('context-meter').dataset.level).toBe('over');
    expect(screen.getByTestId('context-meter-label').textContent).toMatch(/ \/ 4k tokens$/);
    expect(screen.getByTestId('context-warning').textContent).toContain('“Tell me about whales”');
    expect(screen.queryByTestId('send-anyway')).toBeNull();
  });

  it('offers raise, send anyway and cancel once a send is held back', () => {
    const onRaise = vi.fn();
    const onSendAnyway = vi.fn();
    render(<ContextMeter prediction={over()} held onRaise={onRaise} onSendAnyway={onSendAnyway} onCancel={vi.fn()} />);
    fireEvent.click(screen.getByTestId('raise-context'));
    expect(onRaise).toHaveBeenCalledWith(8192);
    fireEvent.click(screen.getByTestId('send-anyway'));
    expect(onSendAnyway).toHaveBeenCalled();
  });

  it('is calm below 80 %', () => {
    const p = predictContext({ messages: [], pending: [], systemPrompt: '', options: {}, model, draft: noDraft });
    render(<ContextMeter prediction={p} held={false} onRaise={null} onSendAnyway={vi.fn()} onCancel={vi.fn()} />);
    expect(screen.getByTestId('context-meter').dataset.level).toBe('ok');
  });

  it('gives the exact counts in its tooltip once the pointer is over it', () => {
    const p = over();
    render(<ContextMeter prediction={p} held={false} onRaise={null} onSendAnyway={vi.fn()} onCancel={vi.fn()} />);
    const detail = screen.getByTestId('context-meter-detail');
    fireEvent.pointerEnter(detail);
    expect(detail.title).toBe(
      `About ${p.plan.totalTokens.toLocaleString()} of ${p.plan.contextLength.toLocaleString()} tokens (estimated); ` +
        `${p.plan.reserve.toLocaleString()} kept free for the answer.`,
    );
  });
});
