import { describe, expect, it } from 'vitest';
import { readImport } from '../../src/backend/history-manager/portability';

const CONVERSATIONS = 10_000;

/** One minified ChatGPT conversation with a hidden root, a system node, and two turns. */
function conversation(i: number): string {
  const t = 1_700_000_000 + i * 60;
  const msg = (role: string, text: string, time: number | null, hidden = false) => ({
    author: { role, name: null, metadata: {} },
    create_time: time,
    content: { content_type: 'text', parts: [text] },
    status: 'finished_successfully',
    weight: hidden ? 0 : 1,
    recipient: 'all',
    metadata: hidden ? { is_visually_hidden_from_conversation: true } : { model_slug: 'gpt-4o' },
  });
  return JSON.stringify({
    title: `Conversation ${i}`,
    create_time: t,
    update_time: t + 5,
    id: `conv-${i}`,
    current_node: `a-${i}`,
    mapping: {
      [`root-${i}`]: { id: `root-${i}`, message: null, parent: null, children: [`s-${i}`] },
      [`s-${i}`]: { id: `s-${i}`, message: msg('system', '', null, true), parent: `root-${i}`, children: [`u-${i}`] },
      [`u-${i}`]: {
        id: `u-${i}`,
        message: msg('user', `Question ${i} ${'lorem ipsum '.repeat(20)}`, t + 1),
        parent: `s-${i}`,
        children: [`a-${i}`],
      },
      [`a-${i}`]: {
        id: `a-${i}`,
        message: msg('assistant', `Answer ${i} ${'dolor sit amet '.repeat(40)}`, t + 2),
        parent: `u-${i}`,
        children: [],
      },
    },
  });
}

/**
 * The file as a lazy stream of 64 KiB chunks, like a socket or a file read stream: it is never
 * one string. `pulled` counts how far the reader has consumed it.
 */
function chatGptStream(count: number, state: { pulled: number; bytes: number }): AsyncIterable<Uint8Array> {
  return (async function* () {
    const encoder = new TextEncoder();
    let pending = '[';
    for (let i = 0; i < count; i++) {
      pending += (i === 0 ? '' : ',') + conversation(i);
      if (pending.length >= 64 * 1024) {
        state.pulled++;
        const bytes = encoder.encode(pending);
        state.bytes += bytes.byteLength;
        yield bytes;
        pending = '';
      }
    }
    const last = encoder.encode(`${pending}]`);
    state.pulled++;
    state.bytes += last.byteLength;
    yield last;
  })();
}

describe('streaming a large ChatGPT file', () => {
  it(`parses ${CONVERSATIONS} conversations element by element, yielding chats before the input is consumed`, async () => {
    const state = { pulled: 0, bytes: 0 };
    let chats = 0;
    let pulledAtFirstChat = -1;
    let messages = 0;
    for await (const item of readImport({
      fileName: 'conversations.json',
      stream: chatGptStream(CONVERSATIONS, state),
    })) {
      if (item.kind !== 'chat') continue;
      if (chats === 0) pulledAtFirstChat = state.pulled;
      expect(item.chat.source.id).toBe(`conv-${chats}`);
      messages += item.chat.messages.length;
      chats++;
    }
    expect(chats).toBe(CONVERSATIONS);
    expect(messages).toBe(2 * CONVERSATIONS);
    expect(pulledAtFirstChat).toBe(1);
    expect(state.pulled).toBeGreaterThan(100);
  });

  it('keeps multi-byte characters intact when chunks split them', async () => {
    const text = `Grüße 日本語 😀 ${'é'.repeat(70_000)}日`;
    const session = [
      { id: 'abc123', messages: [{ role: 'user', content: text }], updatedAt: '2025-01-01T00:00:00.000Z' },
    ];
    const bytes = Buffer.from(JSON.stringify(session));
    async function* threeBytesAtATime() {
      for (let at = 0; at < bytes.length; at += 3) yield bytes.subarray(at, at + 3);
    }
    const contents: string[] = [];
    for await (const item of readImport({ fileName: 'u.json', stream: threeBytesAtATime() })) {
      if (item.kind === 'chat') contents.push(item.chat.messages[0]?.content ?? '');
    }
    expect(contents).toEqual([text]);
  });
});
