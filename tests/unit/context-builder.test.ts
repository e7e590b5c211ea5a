import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/backend/chat-manager/context-builder';
import type { Message } from '../../src/shared/api';
import { makeMessage } from '../support/thread-fixtures';

let n = 0;
/** A complete message of chat `c` with no model, numbered in order. */
function msg(role: Message['role'], content: string, patch: Partial<Message> = {}): Message {
  n += 1;
  return makeMessage(`m${n}`, { chatId: 'c', role, content, model: null, siblingIds: [], ...patch });
}

const loadImage = async (id: string) => `base64-of-${id}`;

describe('building the context sent to Ollama', () => {
  it('puts the system prompt first and keeps every turn when it fits', async () => {
    const path = [msg('user', 'hi'), msg('assistant', 'hello'), msg('user', 'how are you?')];
    const ctx = await buildContext({ path, systemPrompt: 'Be kind.', contextLength: 4096, loadImage });
    expect(ctx.turns.map((t) => t.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(ctx.droppedMessages).toBe(0);
  });

  it('drops the oldest turns first, keeping the system prompt and the latest message', async () => {
    const long = 'x'.repeat(4000); // ~1000 tokens each
    const path = [
      msg('user', `a${long}`),
      msg('assistant', `b${long}`),
      msg('user', `c${long}`),
      msg('user', 'latest'),
    ];
    const ctx = await buildContext({ path, systemPrompt: 'sys', contextLength: 3000, answerReserve: 500, loadImage });
    expect(ctx.turns[0]).toEqual({ role: 'system', content: 'sys' });
    expect(ctx.turns.at(-1)?.content).toBe('latest');
    expect(ctx.droppedMessages).toBeGreaterThan(0);
    expect(ctx.turns.some((t) => t.content.startsWith('a'))).toBe(false);
  });

  it('always keeps the latest message even if it alone is larger than the window', async () => {
    const ctx = await buildContext({
      path: [msg('user', 'old'), msg('user', 'y'.repeat(100_000))],
      systemPrompt: '',
      contextLength: 2048,
      loadImage,
    });
    expect(ctx.turns).toHaveLength(1);
    expect(ctx.droppedMessages).toBe(1);
  });

  it('leaves out empty or unfinished answers and loads images of the branch', async () => {
    const image = {
      id: 'att1',
      kind: 'image' as const,
      name: 'a.png',
      mime: 'image/png',
      size: 3,
      sha256: 'a'.repeat(64),
    };
    const path = [
      msg('user', 'look', { attachments: [image] }),
      msg('assistant', '', { status: 'error' }),
      msg('user', 'again'),
    ];
    const ctx = await buildContext({ path, systemPrompt: '', contextLength: null, loadImage });
    expect(ctx.turns.map((t) => t.content)).toEqual(['look', 'again']);
    expect(ctx.turns[0]?.images).toEqual(['base64-of-att1']);
  });
});
