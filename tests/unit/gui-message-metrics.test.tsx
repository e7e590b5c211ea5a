// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageMetrics } from '../../src/gui/chat-window/message-metrics';
import type { GenerationMetrics } from '../../src/shared/api';

afterEach(cleanup);

const base: GenerationMetrics = {
  ttftMs: 120,
  totalDurationMs: 1800,
  loadDurationMs: 20,
  promptEvalCount: 31,
  promptEvalDurationMs: 60,
  evalCount: 42,
  evalDurationMs: 1700,
  tokensPerSecond: 24.7,
  promptTokensPerSecond: 516.7,
  doneReason: 'stop',
};

describe('the metrics footer of an answer', () => {
  it('shows speed, time to first token and tokens', () => {
    render(<MessageMetrics metrics={base} createdAt="2026-11-26T01:00:00Z" />);
    expect(screen.getByTestId('message-metrics').textContent).toBe('24.7 tok/s · TTFT 120 ms · 42 tokens');
    expect(screen.queryByTestId('context-trimmed')).toBeNull();
  });

  it('says when earlier messages were left out to fit the context window', () => {
    render(<MessageMetrics metrics={{ ...base, droppedMessages: 3 }} createdAt="2026-11-26T01:00:00Z" />);
    expect(screen.getByTestId('context-trimmed').textContent).toBe('3 earlier messages left out to fit the context');
  });
});
