import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteModelResponseSchema,
  JobListSchema,
  JobSchema,
  RunningModelsSchema,
  StartJobResponseSchema,
  UpdateCheckResponseSchema,
} from '../../src/backend/schemas';
import type { Chat, ModelList } from '../../src/shared/api';
import type {
  Job,
  JobList,
  ModelPreferences,
  ModelVersions,
  RunningModels,
  StartJobResponse,
  UpdateCheckResponse,
} from '../../src/shared/models-api';
import { type Harness, listenAppEvents, readEvents, type SseEvent, startHarness, waitFor } from './harness';

const HF_MODEL = 'hf.co/org/repo:Q4_K_M';

async function startPull(h: Harness, name: string): Promise<StartJobResponse> {
  const res = await h.api('/api/models/pull', { method: 'POST', json: { name } });
  expect(res.status).toBe(202);
  return StartJobResponseSchema.parse(await res.json());
}

function jobEvents(h: Harness, jobId: string, opts: Parameters<typeof readEvents>[1] = {}): Promise<SseEvent[]> {
  return readEvents(`${h.url}/api/jobs/${jobId}/events`, opts);
}

async function modelNames(h: Harness): Promise<string[]> {
  return (await h.json<ModelList>('/api/models?refresh=1')).models.map((m) => m.name);
}

async function job(h: Harness, id: string): Promise<Job | undefined> {
  return (await h.json<JobList>('/api/jobs')).jobs.find((j) => j.id === id);
}

describe('pulling a model', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { pullDurationMs: 1_000 });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    h.fake.setPullDurationMs(1_000);
  });

  it('streams snapshot, increasing progress, then done, and the model is then listed', async () => {
    const app = await listenAppEvents(h);
    const started = await startPull(h, 'qwen3:0.6b');
    expect(started.job).toMatchObject({ id: started.jobId, kind: 'pull', model: 'qwen3:0.6b' });
    const t0 = Date.now();
    const events = await jobEvents(h, started.jobId);
    const elapsed = Date.now() - t0;
    expect(events[0]?.event).toBe('snapshot');
    expect(events.at(-1)?.event).toBe('done');
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as Job);
    expect(progress.length).toBeGreaterThan(3);
    // Throttled to at most ~10 events a second.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    const completed = progress.map((p) => p.completed);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    const mid = progress.find((p) => p.completed > 0 && p.completed < p.total);
    expect(mid?.layers.length).toBeGreaterThan(0);
    expect(mid?.phase).toMatch(/^pulling [0-9a-f]{12}$/);
    const done = JobSchema.parse(events.at(-1)?.data);
    for (const e of events) JobSchema.parse(e.data);
    expect(done).toMatchObject({ status: 'done', phase: 'success', error: null, etaSeconds: 0 });
    expect(done.total).toBeGreaterThan(500_000_000);
    expect(done.completed).toBe(done.total);
    expect(done.layers.length).toBe(6);
    expect(done.newDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(done.finishedAt).not.toBeNull();
    expect(progress.some((p) => (p.bytesPerSecond ?? 0) > 0 && (p.etaSeconds ?? -1) >= 0)).toBe(true);
    expect(await modelNames(h)).toContain('qwen3:0.6b');
    await waitFor(() => app.events.some((e) => e.event === 'models-changed' && e.data.reason === 'pulled'));
    const statuses = app.events
      .filter((e) => e.event === 'job' && e.data.id === started.jobId)
      .map((e) => e.data.status);
    expect(statuses).toEqual(['queued', 'running', 'done']);
    app.stop();
  });

  it('refuses a bad name with 400 before asking Ollama', async () => {
    const pullsBefore = h.fake.requests.filter((r) => r.path === '/api/pull').length;
    for (const json of [
      { name: 'no spaces allowed' },
      { name: '' },
      { name: '-leading' },
      { name: 'x', extra: 1 },
      {},
    ]) {
      const res = await h.api('/api/models/pull', { method: 'POST', json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await res.json()).error.code).toBe('validation_error');
    }
    expect(h.fake.requests.filter((r) => r.path === '/api/pull').length).toBe(pullsBefore);
  });

  it('ends a pull of an unknown model with an error that names it', async () => {
    const { jobId } = await startPull(h, 'qwen3:999b');
    const events = await jobEvents(h, jobId);
    expect(events.at(-1)?.event).toBe('error');
    const failed = events.at(-1)?.data as Job;
    expect(failed.error?.code).toBe('model_not_found');
    expect(failed.error?.message).toContain("'qwen3:999b'");
    expect(failed.error?.hint?.text).toContain('ollama.com/library');
  });

  it('ends a download that breaks off with Ollama’s reason, and installs nothing', async () => {
    const { jobId } = await startPull(h, 'broken-pull');
    const events = await jobEvents(h, jobId);
    const failed = events.at(-1)?.data as Job;
    expect(events.at(-1)?.event).toBe('error');
    expect(failed.error?.message).toContain('max retries exceeded');
    expect(failed.completed).toBeGreaterThan(0);
    expect(await modelNames(h)).not.toContain('broken-pull:latest');
  });

  it('returns the running job for a second pull of the same model', async () => {
    const first = await startPull(h, 'tinyllama');
    const second = await startPull(h, 'TinyLlama:latest');
    expect(second.jobId).toBe(first.jobId);
    await jobEvents(h, first.jobId);
  });

  it('cancels mid-download: Ollama sees the disconnect, the job ends cancelled, nothing is installed', async () => {
    h.fake.setPullDurationMs(5_000);
    const { jobId } = await startPull(h, 'gemma3:1b');
    const seen = jobEvents(h, jobId);
    await waitFor(async () => ((await job(h, jobId))?.completed ?? 0) > 0);
    const res = await h.api(`/api/jobs/${jobId}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Job).status).toBe('cancelled');
    const events = await seen;
    expect(events.at(-1)?.event).toBe('cancelled');
    const record = h.fake.pulls.find((p) => p.model === 'gemma3:1b');
    await waitFor(() => record?.endedBy === 'client-abort');
    expect(await modelNames(h)).not.toContain('gemma3:1b');
    const again = await h.api(`/api/jobs/${jobId}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('keeps pulling when the SSE client leaves; a reconnect gets the current progress', async () => {
    h.fake.setPullDurationMs(1_500);
    const { jobId } = await startPull(h, HF_MODEL);
    const first = await jobEvents(h, jobId, { until: (evs) => evs.filter((e) => e.event === 'progress').length >= 3 });
    const lastSeen = (first.at(-1)?.data as Job | undefined)?.completed ?? 0;
    // With no SSE client, the job still advances on the server.
    await waitFor(async () => ((await job(h, jobId))?.completed ?? 0) > lastSeen);
    const again = await jobEvents(h, jobId);
    expect(again[0]?.event).toBe('snapshot');
    expect((again[0]?.data as Job | undefined)?.completed).toBeGreaterThan(lastSeen);
    expect(again.at(-1)?.event).toBe('done');
    // A finished job: snapshot and the final event, then the stream closes.
    const finished = await jobEvents(h, jobId);
    expect(finished.map((e) => e.event)).toEqual(['snapshot', 'done']);
    expect(await modelNames(h)).toContain(HF_MODEL);
  });

  it('answers unknown job ids with 404', async () => {
    expect((await h.api('/api/jobs/nope/events')).status).toBe(404);
    expect((await h.api('/api/jobs/nope/cancel', { method: 'POST' })).status).toBe(404);
  });
});

describe('bounded concurrency', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ MAX_CONCURRENT_PULLS: '2' }, { pullDurationMs: 1_200 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs two pulls at once and queues the third until one finishes', async () => {
    const a = await startPull(h, 'qwen3:0.6b');
    const b = await startPull(h, 'gemma3:1b');
    const c = await startPull(h, 'tinyllama');
    await waitFor(async () => {
      const jobs = (await h.json<JobList>('/api/jobs')).jobs;
      const of = (id: string) => jobs.find((j) => j.id === id);
      return (of(a.jobId)?.completed ?? 0) > 0 && (of(b.jobId)?.completed ?? 0) > 0 ? jobs : undefined;
    });
    const waiting = await job(h, c.jobId);
    expect(waiting).toMatchObject({ status: 'queued', completed: 0 });
    expect(h.fake.pulls.map((p) => p.model)).toEqual(['qwen3:0.6b', 'gemma3:1b']);
    const list = JobListSchema.parse(await h.json('/api/jobs')).jobs.map((j) => j.id);
    expect(list).toEqual([a.jobId, b.jobId, c.jobId]);
    const ends = await Promise.all([a, b, c].map((j) => jobEvents(h, j.jobId)));
    expect(ends.map((e) => e.at(-1)?.event)).toEqual(['done', 'done', 'done']);
    const [pa, pb, pc] = h.fake.pulls;
    expect(pc?.startedAt).toBeGreaterThanOrEqual(Math.min(pa?.endedAt ?? 0, pb?.endedAt ?? 0));
  });
});

describe('updates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { pullDurationMs: 400, tokenDelayMs: 60 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('finishes an update with the same digest when the registry has nothing newer', async () => {
    const before = (await h.json<ModelList>('/api/models')).models.find((m) => m.name === 'llama3.2:latest');
    const app = await listenAppEvents(h);
    const check = await h.json<UpdateCheckResponse>('/api/models/updates/check', {
      method: 'POST',
      json: { models: ['llama3.2'] },
    });
    UpdateCheckResponseSchema.parse(check);
    expect(check.skipped).toEqual([]);
    expect(check.started).toEqual([{ model: 'llama3.2:latest', jobId: expect.any(String) }]);
    const events = await jobEvents(h, check.started[0]?.jobId ?? '');
    const done = events.at(-1)?.data as Job;
    expect(done).toMatchObject({ kind: 'update', status: 'done', model: 'llama3.2:latest' });
    expect(done.previousDigest).toBe(before?.digest);
    expect(done.newDigest).toBe(before?.digest);
    await waitFor(() => app.events.some((e) => e.event === 'models-changed'));
    expect(app.events.some((e) => e.event === 'model-updated')).toBe(false);
    app.stop();
  });

  it('installs a newer version, records it, and tells every GUI', async () => {
    const newDigest = 'ab'.repeat(32);
    const previous = (await h.json<ModelList>('/api/models')).models.find((m) => m.name === 'llava:latest')?.digest;
    h.fake.setRegistryDigest('llava', newDigest);
    const app = await listenAppEvents(h);
    const check = await h.json<UpdateCheckResponse>('/api/models/updates/check', {
      method: 'POST',
      json: { models: ['llava', 'not-installed-model'] },
    });
    expect(check.skipped).toEqual([{ model: 'not-installed-model', reason: 'not installed' }]);
    const events = await jobEvents(h, check.started[0]?.jobId ?? '');
    expect(events.at(-1)?.data).toMatchObject({ status: 'done', previousDigest: previous, newDigest });
    await waitFor(() => app.events.find((e) => e.event === 'model-updated'));
    expect(app.events.find((e) => e.event === 'model-updated')?.data).toEqual({
      model: 'llava:latest',
      previousDigest: previous,
      newDigest,
    });
    app.stop();
    const listed = (await h.json<ModelList>('/api/models')).models.find((m) => m.name === 'llava:latest');
    expect(listed?.digest).toBe(newDigest);
    const versions = await h.json<ModelVersions>('/api/models/llava/versions');
    expect(versions.versions.map((v) => v.digest).sort()).toEqual([newDigest, previous].sort());
    expect(versions.versions.find((v) => v.current)?.digest).toBe(newDigest);
  });

  it('skips a model while it is answering, and updates it once the answer is done', async () => {
    const chat = await h.createChat('slow');
    const sent = await h.send(chat.id, 'take your time');
    await waitFor(async () => (await h.json<Chat>(`/api/chats/${chat.id}`)).generating);
    const busy = await h.json<UpdateCheckResponse>('/api/models/updates/check', {
      method: 'POST',
      json: { models: ['slow:latest'] },
    });
    expect(busy).toEqual({ started: [], skipped: [{ model: 'slow:latest', reason: 'generating' }] });
    const answer = await h.events(sent.generationId);
    expect(answer.at(-1)?.event).toBe('done');
    const free = await h.json<UpdateCheckResponse>('/api/models/updates/check', {
      method: 'POST',
      json: { models: ['slow'] },
    });
    expect(free.started.map((s) => s.model)).toEqual(['slow:latest']);
    await jobEvents(h, free.started[0]?.jobId ?? '');
  });

  it('checks every installed model when no list is given', async () => {
    const installed = await modelNames(h);
    const res = await h.api('/api/models/updates/check', { method: 'POST' });
    expect(res.status).toBe(200);
    const check = (await res.json()) as UpdateCheckResponse;
    expect(check.started.map((s) => s.model).sort()).toEqual([...installed].sort());
    await Promise.all(check.started.map((s) => jobEvents(h, s.jobId)));
    const bad = await h.api('/api/models/updates/check', { method: 'POST', json: { models: ['bad name'] } });
    expect(bad.status).toBe(400);
  });

  it('reports a failed update and keeps the installed version', async () => {
    const before = (await h.json<ModelList>('/api/models?refresh=1')).models.find((m) => m.name === 'qwen3:8b');
    h.fake.setRegistryDigest('qwen3:8b', 'cd'.repeat(32));
    h.fake.breakRegistryDownloads('qwen3:8b');
    const check = await h.json<UpdateCheckResponse>('/api/models/updates/check', {
      method: 'POST',
      json: { models: ['qwen3:8b'] },
    });
    const events = await jobEvents(h, check.started[0]?.jobId ?? '');
    expect(events.at(-1)?.event).toBe('error');
    const failed = events.at(-1)?.data as Job;
    expect(failed.error?.message).toMatch(/^Updating qwen3:8b failed; the installed version is unchanged\. /);
    expect(failed.error?.message).toContain('max retries exceeded');
    expect(failed.newDigest).toBeNull();
    const after = (await h.json<ModelList>('/api/models?refresh=1')).models.find((m) => m.name === 'qwen3:8b');
    expect(after?.digest).toBe(before?.digest);
  });
});

describe('scheduled updates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      {},
      { pullDurationMs: 300, tokenDelayMs: 120 },
      { autoUpdate: { firstCheckDelayMs: 1_500, retryDelayMs: 300 } },
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('updates opted-in models on schedule, and retries one that was answering after it is done', async () => {
    const app = await listenAppEvents(h);
    for (const model of ['llava', 'slow']) {
      const prefs = await h.json<ModelPreferences>(`/api/models/${model}/preferences`, {
        method: 'PUT',
        json: { autoUpdate: true },
      });
      expect(prefs.autoUpdate).toBe(true);
    }
    h.fake.setRegistryDigest('llava', 'cd'.repeat(32));
    const chat = await h.createChat('slow');
    const sent = await h.send(chat.id, 'a long answer please');
    const answer = h.events(sent.generationId);
    const updated = await waitFor(
      () => app.events.find((e) => e.event === 'model-updated' && e.data.model === 'llava:latest'),
      6_000,
    );
    expect(updated.data.newDigest).toBe('cd'.repeat(32));
    const jobsWhileAnswering = app.events.filter((e) => e.event === 'job').map((e) => e.data.model);
    expect(jobsWhileAnswering).not.toContain('slow:latest');
    // Models not opted in are left alone.
    expect(jobsWhileAnswering).not.toContain('llama3.2:latest');
    const done = await answer;
    const answeredAt = Date.now();
    expect(done.at(-1)?.event).toBe('done');
    const slowJob = await waitFor(
      () => app.events.find((e) => e.event === 'job' && e.data.model === 'slow:latest' && e.data.status === 'done'),
      5_000,
    );
    expect(Date.parse(slowJob.data.createdAt)).toBeGreaterThanOrEqual(answeredAt - 50);
    app.stop();
  });
});

describe('running models, load, unload and delete', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { pullDurationMs: 200 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists the model a chat loaded, and unload removes it', async () => {
    const chat = await h.createChat('llama3.2');
    const sent = await h.send(chat.id, 'hello');
    await h.events(sent.generationId);
    const running = RunningModelsSchema.parse(await h.json('/api/models/running'));
    const entry = running.models.find((m) => m.name === 'llama3.2:latest');
    expect(entry).toMatchObject({ parameterSize: '3.2B', quantization: 'Q4_K_M', contextLength: 4096 });
    const left = Date.parse(entry?.expiresAt ?? '') - Date.now();
    expect(left).toBeGreaterThan(4 * 60_000);
    expect(left).toBeLessThanOrEqual(5 * 60_000);
    const after = await h.json<RunningModels>('/api/models/llama3.2/unload', { method: 'POST' });
    expect(after.models.map((m) => m.name)).not.toContain('llama3.2:latest');
    expect((await h.json<RunningModels>('/api/models/running')).models.map((m) => m.name)).not.toContain(
      'llama3.2:latest',
    );
  });

  it('preloads a model with its keep_alive preference (-1 = kept for ever)', async () => {
    await h.json('/api/models/llava/preferences', { method: 'PUT', json: { keepAlive: -1 } });
    const running = await h.json<RunningModels>('/api/models/llava/load', { method: 'POST' });
    expect(running.models.find((m) => m.name === 'llava:latest')).toMatchObject({ expiresAt: null });
    const load = h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as Record<string, unknown>;
    expect(load).toMatchObject({ model: 'llava', keep_alive: -1 });
    expect(load.messages).toBeUndefined();
    const missing = await h.api('/api/models/not-installed/load', { method: 'POST' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('model_not_found');
  });

  it('sends keep_alive from the chat, else the model preference, else the setting', async () => {
    const lastKeepAlive = () =>
      (h.fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as Record<string, unknown> | undefined)
        ?.keep_alive;
    const run = async (model: string, options?: Record<string, unknown>) => {
      const chat = await h.json<Chat>('/api/chats', {
        method: 'POST',
        json: { model, ...(options ? { options } : {}) },
      });
      await h.events((await h.send(chat.id, 'hi')).generationId);
      return lastKeepAlive();
    };
    expect(await run('qwen3:8b')).toBeUndefined();
    await h.json('/api/settings', { method: 'PUT', json: { keepAlive: '30m' } });
    expect(await run('qwen3:8b')).toBe('30m');
    await h.json('/api/models/qwen3:8b/preferences', { method: 'PUT', json: { keepAlive: 120 } });
    expect(await run('qwen3:8b')).toBe(120);
    expect(await run('qwen3:8b', { keep_alive: '1h' })).toBe('1h');
    await h.json('/api/settings', { method: 'PUT', json: { keepAlive: null } });
  });

  it('handles names with a host, a namespace and a tag, URL-encoded', async () => {
    const { jobId } = await startPull(h, HF_MODEL);
    await jobEvents(h, jobId);
    const encoded = encodeURIComponent(HF_MODEL);
    const loaded = await h.json<RunningModels>(`/api/models/${encoded}/load`, { method: 'POST' });
    expect(loaded.models.map((m) => m.name)).toContain(HF_MODEL);
    const unloaded = await h.json<RunningModels>(`/api/models/${encoded}/unload`, { method: 'POST' });
    expect(unloaded.models.map((m) => m.name)).not.toContain(HF_MODEL);
    const deleted = await h.json<{ deleted: string }>(`/api/models/${encoded}`, { method: 'DELETE' });
    expect(deleted.deleted).toBe(HF_MODEL);
    expect(await modelNames(h)).not.toContain(HF_MODEL);
  });

  it('deletes a model a chat uses: the response names the chat, whose history stays', async () => {
    const app = await listenAppEvents(h);
    const chat = await h.json<Chat>('/api/chats', { method: 'POST', json: { title: 'Uses llava', model: 'llava' } });
    const sent = await h.send(chat.id, 'look');
    await h.events(sent.generationId);
    const res = await h.api('/api/models/llava:latest', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(DeleteModelResponseSchema.parse(await res.json())).toEqual({
      deleted: 'llava:latest',
      chatsUsingIt: [{ id: chat.id, title: 'Uses llava' }],
    });
    expect(await modelNames(h)).not.toContain('llava:latest');
    const messages = await h.json<{ messages: unknown[] }>(`/api/chats/${chat.id}/messages`);
    expect(messages.messages).toHaveLength(2);
    await waitFor(() => app.events.some((e) => e.event === 'models-changed' && e.data.reason === 'deleted'));
    app.stop();
    const again = await h.api('/api/models/llava', { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe('model_not_found');
    const bad = await h.api('/api/models/bad%20name', { method: 'DELETE' });
    expect(bad.status).toBe(400);
  });
});
