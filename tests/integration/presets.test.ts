/**
 * Presets over HTTP: validation (every parameter's bounds refused with its reason), CRUD, duplicate,
 * the default for new chats, applying to a chat, and the parameters that reach the fake Ollama and
 * are recorded with the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, ChatOptions, MessagesResponse, Settings } from '../../src/shared/api';
import { NUMBER_PARAMETERS, parameterError, STOP_PARAMETER } from '../../src/shared/parameters';
import type { Preset, PresetList } from '../../src/shared/presets-api';
import { type Harness, startHarness } from './harness';

const FULL: ChatOptions = {
  temperature: 0.25,
  top_p: 0.5,
  top_k: 12,
  min_p: 0.05,
  num_ctx: 4096,
  num_predict: 200,
  seed: 42,
  repeat_penalty: 1.2,
  stop: ['END'],
  keep_alive: '10m',
  think: false,
  format: 'json',
};

describe('presets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (json: unknown) => h.api('/api/presets', { method: 'POST', json });

  it('refuses every out-of-range value with the parameter and its range', async () => {
    for (const p of Object.values(NUMBER_PARAMETERS)) {
      const step = p.integer ? 1 : 0.01;
      for (const bad of [p.min - step, p.max + step]) {
        const res = await post({ name: `bad ${p.key}`, options: { [p.key]: bad } });
        expect(res.status, `${p.key}=${bad}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('validation_error');
        expect(body.error.message).toContain(`options.${p.key}: ${parameterError(p)}`);
      }
    }
    const tooMany = Array.from({ length: STOP_PARAMETER.maxItems + 1 }, (_, i) => `s${i}`);
    for (const options of [{ stop: tooMany }, { keep_alive: 'forever' }, { think: 'max' }, { format: 'xml' }]) {
      const res = await post({ name: 'bad', options });
      expect(res.status, JSON.stringify(options)).toBe(400);
    }
    // The same schema guards a chat's own options.
    const chat = await h.createChat();
    const res = await h.api(`/api/chats/${chat.id}`, { method: 'PATCH', json: { options: { temperature: 9 } } });
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      parameterError(NUMBER_PARAMETERS.temperature),
    );
    expect((await h.json<PresetList>('/api/presets')).presets).toEqual([]);
  });

  it('refuses an empty or duplicate name, and unknown ids', async () => {
    expect((await post({ name: '  ' })).status).toBe(400);
    const a = await h.json<Preset>('/api/presets', { method: 'POST', json: { name: 'Dup' } });
    const res = await post({ name: 'dup' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('already exists');
    expect((await h.api('/api/presets/nope', { method: 'PATCH', json: { name: 'x' } })).status).toBe(404);
    expect((await h.api('/api/presets/default', { method: 'PUT', json: { presetId: 'nope' } })).status).toBe(404);
    await h.api(`/api/presets/${a.id}`, { method: 'DELETE' });
  });

  it('creates, edits, duplicates and deletes', async () => {
    const created = await h.json<Preset>('/api/presets', {
      method: 'POST',
      json: { name: 'Coder', systemPrompt: 'Write code.', model: 'llama3.2', options: FULL },
    });
    expect(created).toMatchObject({ name: 'Coder', systemPrompt: 'Write code.', model: 'llama3.2', options: FULL });
    const edited = await h.json<Preset>(`/api/presets/${created.id}`, {
      method: 'PATCH',
      json: { name: 'Coder 2', options: { temperature: 1 } },
    });
    expect(edited).toMatchObject({ name: 'Coder 2', systemPrompt: 'Write code.', options: { temperature: 1 } });
    const copy = await h.json<Preset>(`/api/presets/${created.id}/duplicate`, { method: 'POST' });
    const copy2 = await h.json<Preset>(`/api/presets/${created.id}/duplicate`, { method: 'POST' });
    expect([copy.name, copy2.name]).toEqual(['Coder 2 (copy)', 'Coder 2 (copy 2)']);
    expect(copy.options).toEqual({ temperature: 1 });
    for (const p of [created, copy, copy2]) {
      expect((await h.api(`/api/presets/${p.id}`, { method: 'DELETE' })).status).toBe(204);
    }
    expect((await h.json<PresetList>('/api/presets')).presets).toEqual([]);
  });

  it('starts new chats from the default preset; a request’s own fields win; deleting it clears the default', async () => {
    const preset = await h.json<Preset>('/api/presets', {
      method: 'POST',
      json: { name: 'Default one', systemPrompt: 'Be brief.', model: 'qwen3', options: { temperature: 0.3 } },
    });
    const list = await h.json<PresetList>('/api/presets/default', { method: 'PUT', json: { presetId: preset.id } });
    expect(list.defaultPresetId).toBe(preset.id);
    expect((await h.json<Settings>('/api/settings')).defaultPresetId).toBe(preset.id);

    const plain = await h.json<Chat>('/api/chats', { method: 'POST', json: {} });
    expect(plain).toMatchObject({ model: 'qwen3', systemPrompt: 'Be brief.', options: { temperature: 0.3 } });
    const own = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2', options: {} } });
    expect(own).toMatchObject({ model: 'llama3.2', systemPrompt: 'Be brief.', options: {} });

    await h.api(`/api/presets/${preset.id}`, { method: 'DELETE' });
    expect((await h.json<PresetList>('/api/presets')).defaultPresetId).toBeNull();
    const after = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2' } });
    expect(after).toMatchObject({ systemPrompt: '', options: {} });
  });

  it('applies a preset to a chat, and the answer sends and records exactly its parameters', async () => {
    const preset = await h.json<Preset>('/api/presets', {
      method: 'POST',
      json: { name: 'Exact', systemPrompt: 'You are exact.', model: 'llama3.2', options: FULL },
    });
    const chat = await h.createChat('llava');
    const applied = await h.json<Chat>(`/api/presets/${preset.id}/apply`, {
      method: 'POST',
      json: { chatId: chat.id },
    });
    expect(applied).toMatchObject({ model: 'llama3.2', systemPrompt: 'You are exact.', options: FULL });
    expect((await h.api(`/api/presets/${preset.id}/apply`, { method: 'POST', json: { chatId: 'nope' } })).status).toBe(
      404,
    );

    h.fake.requests.length = 0;
    const sent = await h.send(chat.id, 'hello');
    await h.events(sent.generationId);
    const chatRequests = h.fake.requests.filter((r) => r.path === '/api/chat');
    expect(chatRequests).toHaveLength(1);
    const { think, keep_alive, format, ...options } = FULL;
    expect(chatRequests[0]?.body).toMatchObject({
      model: 'llama3.2',
      think,
      keep_alive,
      format,
      options,
      messages: [
        { role: 'system', content: 'You are exact.' },
        { role: 'user', content: 'hello' },
      ],
    });
    const wire = chatRequests[0]?.body as { options: object };
    expect(wire.options).toEqual(options);

    const { messages } = await h.json<MessagesResponse>(`/api/chats/${chat.id}/messages`);
    const answer = messages.at(-1);
    expect(answer?.status).toBe('complete');
    expect(answer?.params).toEqual({ model: 'llama3.2', options, think, format, keepAlive: keep_alive, numCtx: 4096 });
    expect(messages[0]?.params).toBeUndefined();
  });

  it('records the model’s context length and no extras for a chat without parameters', async () => {
    const chat = await h.json<Chat>('/api/chats', { method: 'POST', json: { model: 'llama3.2', options: {} } });
    const sent = await h.send(chat.id, 'plain');
    await h.events(sent.generationId);
    const answer = await h.json<{ params: unknown }>(`/api/messages/${sent.assistantMessage.id}`);
    expect(answer.params).toEqual({ model: 'llama3.2', options: {}, numCtx: expect.any(Number) });
  });
});
