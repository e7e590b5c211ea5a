import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastChatLine, parseChatLine } from '../../src/backend/ollama-client/chat-line';

const line = (content: string, thinking?: string, model = 'llama3.2:latest') =>
  JSON.stringify({
    model,
    created_at: '2025-01-01T00:00:00.123456Z',
    message: thinking === undefined ? { role: 'assistant', content } : { role: 'assistant', content, thinking },
    done: false,
  });

describe('the fast path for chat stream lines', () => {
  it('reads exactly what JSON.parse reads, for any content and thinking', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.option(fc.string({ unit: 'binary' })), (content, thinking) => {
        const text = line(content, thinking ?? undefined);
        const fast = fastChatLine(text);
        expect(fast).not.toBeNull();
        expect(fast).toEqual({ message: JSON.parse(text).message, done: false });
      }),
      { numRuns: 2000 },
    );
  });

  it('handles quotes, backslashes and escapes at the edges of a literal', () => {
    for (const content of ['"', '\\', '\\"', 'a\\\\', '\\\\"x', '\n', '\u2028', '<b>&', '"}', '},"done":false}']) {
      expect(fastChatLine(line(content))?.message).toEqual({ role: 'assistant', content });
      expect(fastChatLine(line('', content))?.message).toEqual({ role: 'assistant', content: '', thinking: content });
    }
  });

  it('leaves every other shape to the full parse', () => {
    const others = [
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":3}',
      '{"error":"model runner has unexpectedly stopped"}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{}}}]},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"a","images":null},"done":false}',
      '{"created_at":"t","model":"m","message":{"role":"assistant","content":"a"},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"a"},"done":false} x',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"a},"done":false}',
      '{"model":"m\\"","created_at":"t","message":{"role":"assistant","content":"a"},"done":false}',
    ];
    for (const text of others) expect(fastChatLine(text)).toBeNull();
    expect(parseChatLine(others[0] as string)).toMatchObject({ done: true, eval_count: 3 });
    expect(() => parseChatLine(others[1] as string)).toThrow('model runner has unexpectedly stopped');
    expect(() => parseChatLine(others[6] as string)).toThrow('malformed NDJSON line');
  });
});
