import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, MessagesResponse } from '../../src/shared/api';
import { assemble, type Harness, startHarness } from './harness';

/** Every failure ends in a clear, stored error on the answer — never a stream without an end. */
describe('failures end in a clear message on the answer', () => {
  let h: Harness;
  /** Short timeouts, for the models that never answer (hang, stall): the test need not wait long for them. */
  let quick: Harness;
  beforeAll(async () => {
    // Every other failure must be the one its model plays, never a timeout of a loaded test machine.
    h = await startHarness({ FIRST_TOKEN_TIMEOUT_MS: '15000', STREAM_IDLE_TIMEOUT_MS: '15000' });
    quick = await startHarness({ FIRST_TOKEN_TIMEOUT_MS: '400', STREAM_IDLE_TIMEOUT_MS: '400' });
  });
  afterAll(async () => {
    await h.close();
    await quick.close();
  });

  async function answerOf(model: string) {
    const on = model === 'hang' || model === 'stall' ? quick : h;
    const chat = await on.createChat(model);
    const sent = await on.send(chat.id, 'hello');
    const events = await on.events(sent.generationId);
    const stored = await on.json<Message>(`/api/messages/${sent.generationId}`);
    return { events, final: events.at(-1), stored, sent, chat, on };
  }

  it.each([
    ['http500', 'ollama_rejected'],
    ['error-midstream', 'ollama_stream_error'],
    ['drop-midstream', 'ollama_dropped'],
    ['hang', 'ollama_timeout'],
    ['stall', 'ollama_timeout'],
    ['badjson', 'ollama_bad_response'],
    ['not-installed-model', 'model_not_found'],
  ])('%s → %s', async (model, code) => {
    const { final, stored, sent, on } = await answerOf(model);
    expect(final?.event).toBe('error');
    expect(final?.data.code).toBe(code);
    expect(final?.data.message.length).toBeGreaterThan(10);
    expect(stored.status).toBe('error');
    expect(stored.error?.code).toBe(code);
    const user = await on.json<Message>(`/api/messages/${sent.userMessage.id}`);
    expect(user.content).toBe('hello');
  });

  it('keeps the partial answer when the stream breaks off', async () => {
    for (const model of ['error-midstream', 'drop-midstream']) {
      const { events, stored } = await answerOf(model);
      expect(stored.content.length).toBeGreaterThan(0);
      expect(stored.content).toBe(assemble(events).content);
    }
  });

  it('names the model and how to get it when it is not installed', async () => {
    const { final } = await answerOf('mistral');
    expect(final?.data.code).toBe('model_not_found');
    expect(final?.data.message).toContain('mistral');
    expect(final?.data.hint).toMatchObject({ command: 'ollama pull mistral', action: 'pull_model' });
  });

  it('refuses an image for a model without vision before storing anything', async () => {
    const chat = await h.createChat('llama3.2');
    const res = await h.api(`/api/chats/${chat.id}/messages`, {
      method: 'POST',
      json: { content: 'look', attachments: [{ name: 'a.png', mime: 'image/png', data: 'iVBORw0KGgo=' }] },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('model_incapable');
    expect(body.error.message).toMatch(/vision|images/);
    const branch = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    expect(branch.messages).toHaveLength(0);
  });

  it('refuses to chat with an embedding-only model', async () => {
    const chat = await h.createChat('nomic-embed-text');
    const res = await h.api(`/api/chats/${chat.id}/messages`, { method: 'POST', json: { content: 'hi' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('model_incapable');
  });

  it('refuses attachments that are not images, and oversized ones', async () => {
    const chat = await h.createChat('llava');
    const pdf = await h.api(`/api/chats/${chat.id}/messages`, {
      method: 'POST',
      json: { content: 'read', attachments: [{ name: 'a.pdf', mime: 'application/pdf', data: 'JVBERi0=' }] },
    });
    expect(pdf.status).toBe(415);
    const big = Buffer.alloc(11 * 1024 * 1024, 1).toString('base64');
    const tooBig = await h.api(`/api/chats/${chat.id}/messages`, {
      method: 'POST',
      json: { content: 'big', attachments: [{ name: 'big.png', mime: 'image/png', data: big }] },
    });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe('payload_too_large');
  });
});

describe('when Ollama is not running', () => {
  it('stores the message, fails the answer with the host and how to start Ollama, and reports health', async () => {
    const h = await startHarness();
    try {
      const chat = await h.createChat('llama3.2');
      await h.fake.close();
      const sent = await h.send(chat.id, 'anyone there?');
      const events = await h.events(sent.generationId);
      expect(events.at(-1)?.event).toBe('error');
      expect(events.at(-1)?.data.code).toBe('ollama_unreachable');
      expect(events.at(-1)?.data.message).toContain(h.fake.url.replace('http://', ''));
      expect(events.at(-1)?.data.hint?.command).toBe('ollama serve');
      const health = await h.json<{ ok: boolean; ollama: { reachable: boolean; host: string } }>('/api/health');
      expect(health.ok).toBe(true);
      expect(health.ollama.reachable).toBe(false);
      expect(health.ollama.host).toBe(h.service.config.ollamaHost);
      const models = await h.api('/api/models?refresh=1');
      expect(models.status).toBe(503);
      expect((await models.json()).error.code).toBe('ollama_unreachable');
    } finally {
      await h.close();
    }
  });
});

describe('when the Ollama host accepts connections and never answers', () => {
  it('stores the message without waiting for the model list, and the send is answered', async () => {
    // Sockets are held open and never answered: Ollama's client would wait its 10 s timeout for /api/tags.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const h = await startHarness({ OLLAMA_HOST: `http://127.0.0.1:${port}` });
    try {
      const chat = await h.createChat('llama3.2');
      // Well inside the client's 10 s: the send must not have waited for the model list.
      const res = await h.api(`/api/chats/${chat.id}/messages`, {
        method: 'POST',
        json: { content: 'is this kept?' },
        signal: AbortSignal.timeout(6_000),
      });
      expect(res.status).toBe(202);
      const stored = await h.json<{ messages: { role: string; content: string }[] }>(`/api/chats/${chat.id}/messages`);
      expect(stored.messages.map((m) => [m.role, m.content])).toContainEqual(['user', 'is this kept?']);
    } finally {
      // Let go of the held requests first: the server's shutdown would wait for them.
      for (const socket of sockets) socket.destroy();
      await h.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
