import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelDetails } from '../../src/shared/api';
import type {
  MetricsComparison,
  ModelMetrics,
  ModelPreferences,
  ModelUsage,
  ModelVersions,
} from '../../src/shared/models-api';
import { type Harness, startHarness } from './harness';

const LLAMA_DIGEST = 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72';

describe('model insights over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    for (const model of ['llama3.2', 'qwen3:8b']) {
      const chat = await h.createChat(model);
      for (const question of ['one', 'two', 'three']) {
        const sent = await h.send(chat.id, question);
        const events = await h.events(sent.generationId);
        expect(events.at(-1)?.event).toBe('done');
      }
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it('returns the metrics of the answers just given, with recent points oldest first', async () => {
    const m = await h.json<ModelMetrics>('/api/models/llama3.2/metrics?limit=2');
    expect(m.summary).toMatchObject({ model: 'llama3.2:latest', answers: 3 });
    expect(m.summary.tokensPerSecond.median).toBeGreaterThan(0);
    expect(m.summary.ttftMs.median).toBeGreaterThanOrEqual(0);
    expect(m.summary.lastUsed).toEqual(expect.any(String));
    expect(m.points).toHaveLength(2);
    const [older, newer] = m.points;
    expect(older && newer && older.at <= newer.at).toBe(true);
    expect(m.byContextSize.map((b) => b.bucket)).toEqual(['<1k', '1k–4k', '4k–16k', '16k–64k', '≥64k']);
    expect(m.byContextSize.reduce((sum, b) => sum + b.answers, 0)).toBe(3);

    const withDefaultLimit = await h.json<ModelMetrics>('/api/models/llama3.2%3Alatest/metrics');
    expect(withDefaultLimit.points).toHaveLength(3);
  });

  it('compares every model that answered', async () => {
    const { models } = await h.json<MetricsComparison>('/api/metrics/models');
    expect(models.map((m) => m.model).sort()).toEqual(['llama3.2:latest', 'qwen3:8b']);
    expect(models.map((m) => m.answers)).toEqual([3, 3]);
    const rates = models.map((m) => m.tokensPerSecond.median ?? 0);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
  });

  it('rejects a bad limit', async () => {
    const res = await h.api('/api/models/llama3.2/metrics?limit=0');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_error');
  });

  it('lists the versions seen and marks the installed one current', async () => {
    const v = await h.json<ModelVersions>('/api/models/llama3.2/versions');
    expect(v.name).toBe('llama3.2:latest');
    expect(v.versions).toEqual([
      { digest: LLAMA_DIGEST, firstSeen: expect.any(String), lastSeen: expect.any(String), current: true },
    ]);
    await h.service.store.models.recordSeen('llama3.2', 'sha256:older');
    const again = await h.json<ModelVersions>('/api/models/llama3.2/versions');
    expect(again.versions.map((x) => [x.digest, x.current])).toEqual([
      ['sha256:older', false],
      [LLAMA_DIGEST, true],
    ]);
  });

  it('round-trips preferences and validates them', async () => {
    expect(await h.json<ModelPreferences>('/api/models/qwen3%3A8b/preferences')).toEqual({
      name: 'qwen3:8b',
      autoUpdate: null,
      keepAlive: null,
    });
    const put = (body: unknown, name = 'qwen3%3A8b') =>
      h.api(`/api/models/${name}/preferences`, { method: 'PUT', json: body });
    expect(await (await put({ autoUpdate: true, keepAlive: '30m' })).json()).toEqual({
      name: 'qwen3:8b',
      autoUpdate: true,
      keepAlive: '30m',
    });
    expect(await (await put({ keepAlive: 300 })).json()).toMatchObject({ autoUpdate: true, keepAlive: 300 });
    expect(await h.json<ModelPreferences>('/api/models/qwen3:8b/preferences')).toEqual({
      name: 'qwen3:8b',
      autoUpdate: true,
      keepAlive: 300,
    });

    for (const bad of [{ keepAlive: 'forever' }, { keepAlive: -5 }, { autoUpdate: 'yes' }, { colour: 'red' }]) {
      const res = await put(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).error.code).toBe('validation_error');
    }
    expect((await put({ autoUpdate: false }, 'not%20a%20model')).status).toBe(400);
  });

  it('names the chats that use a model, whatever the spelling', async () => {
    const spelled = await h.json<{ id: string }>('/api/chats', {
      method: 'POST',
      json: { title: 'Shouting', model: 'LLAMA3.2:latest' },
    });
    const usage = await h.json<ModelUsage>('/api/models/llama3.2/usage');
    expect(usage.name).toBe('llama3.2:latest');
    expect(usage.chats).toHaveLength(2);
    expect(usage.chats[0]).toEqual({ id: spelled.id, title: 'Shouting' });
    expect((await h.json<ModelUsage>('/api/models/mistral/usage')).chats).toEqual([]);
  });

  it('accepts URL-encoded model names with a host, a namespace and a tag', async () => {
    const name = encodeURIComponent('hf.co/Org/Repo:Q4_K_M');
    expect(name).toBe('hf.co%2FOrg%2FRepo%3AQ4_K_M');
    const saved = await h.json<ModelPreferences>(`/api/models/${name}/preferences`, {
      method: 'PUT',
      json: { autoUpdate: false },
    });
    expect(saved).toEqual({ name: 'hf.co/org/repo:q4_k_m', autoUpdate: false, keepAlive: null });
    expect(await h.json<ModelPreferences>('/api/models/HF.CO%2Forg%2Frepo%3Aq4_k_m/preferences')).toEqual(saved);
    const m = await h.json<ModelMetrics>('/api/models/hf.co%2Forg%2Frepo%3AQ4_K_M/metrics');
    expect(m.summary).toMatchObject({ model: 'hf.co/org/repo:q4_k_m', answers: 0 });
    expect((await h.json<ModelVersions>('/api/models/hf.co%2Forg%2Frepo%3AQ4_K_M/versions')).versions).toEqual([]);
    expect((await h.api('/api/models/..%2F..%2Fetc%2Fpasswd/metrics')).status).toBe(400);
  });

  it('leaves model details to the models routes', async () => {
    const details = await h.json<ModelDetails>('/api/models/llama3.2');
    expect(details.name).toBe('llama3.2:latest');
  });
});

describe('model versions while Ollama is down', () => {
  it('lists the recorded versions with none marked current', async () => {
    // No cache: every request asks Ollama, so the failure is seen instead of an older list.
    const h = await startHarness({ MODEL_CACHE_TTL_MS: '0' });
    try {
      await h.service.store.models.recordSeen('llama3.2', LLAMA_DIGEST);
      expect((await h.json<ModelVersions>('/api/models/llama3.2/versions')).versions[0]?.current).toBe(true);
      await h.fake.close();
      const v = await h.json<ModelVersions>('/api/models/llama3.2/versions');
      expect(v.versions).toEqual([
        { digest: LLAMA_DIGEST, firstSeen: expect.any(String), lastSeen: expect.any(String), current: false },
      ]);
    } finally {
      await h.close();
    }
  });
});
