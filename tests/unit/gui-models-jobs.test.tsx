// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { subscribeToJob } from '../../src/gui/api/job-events';
import { useJobsStore } from '../../src/gui/model-selector/jobs-store';
import type { Job } from '../../src/shared/models-api';

class FakeEventSource extends EventTarget {
  static CLOSED = 2;
  readyState = 1;
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: unknown) {
    const event = new MessageEvent(type, { data: data === undefined ? undefined : JSON.stringify(data) });
    this.dispatchEvent(event);
  }
}
(globalThis as { EventSource?: unknown }).EventSource ??= FakeEventSource;

const job = (overrides: Partial<Job> = {}): Job => ({
  id: 'j1',
  kind: 'pull',
  model: 'qwen3:0.6b',
  status: 'running',
  phase: 'pulling manifest',
  completed: 0,
  total: 100,
  layers: [],
  bytesPerSecond: null,
  etaSeconds: null,
  createdAt: '2025-01-01T00:00:00Z',
  finishedAt: null,
  error: null,
  previousDigest: null,
  newDigest: null,
  ...overrides,
});

describe('job event stream', () => {
  it('passes snapshot and progress on, ends on the final event and closes', () => {
    let source: FakeEventSource | undefined;
    const onUpdate = vi.fn();
    const onFinal = vi.fn();
    subscribeToJob('j 1', { onUpdate, onFinal }, (url) => {
      source = new FakeEventSource(url);
      return source as unknown as EventSource;
    });
    expect(source?.url).toBe('/api/jobs/j%201/events');
    source?.emit('snapshot', job());
    source?.emit('progress', job({ completed: 50 }));
    source?.emit('done', job({ status: 'done', completed: 100 }));
    source?.emit('progress', job({ completed: 60 }));
    expect(onUpdate).toHaveBeenCalledTimes(2);
    expect(onFinal).toHaveBeenCalledTimes(1);
    expect(onFinal.mock.calls[0]?.[0].status).toBe('done');
    expect(source?.closed).toBe(true);
  });

  it("tells the server's error event (with a job) from a dropped connection (without data)", () => {
    let source: FakeEventSource | undefined;
    const onFinal = vi.fn();
    const onUnavailable = vi.fn();
    subscribeToJob('j1', { onUpdate: () => {}, onFinal, onUnavailable }, (url) => {
      source = new FakeEventSource(url);
      return source as unknown as EventSource;
    });
    // A blip while the browser reconnects: nothing final.
    source?.emit('error');
    expect(onFinal).not.toHaveBeenCalled();
    expect(onUnavailable).not.toHaveBeenCalled();
    source?.emit('error', job({ status: 'error', error: { code: 'model_not_found', message: 'nope' } }));
    expect(onFinal).toHaveBeenCalledTimes(1);
    expect(onFinal.mock.calls[0]?.[0].error.code).toBe('model_not_found');
  });
});

describe('jobs store', () => {
  it('never turns a finished job back into a running one', () => {
    const { upsert } = useJobsStore.getState();
    upsert(job({ id: 'x', completed: 10 }));
    upsert(job({ id: 'x', status: 'cancelled' }));
    upsert(job({ id: 'x', completed: 20 }));
    expect(useJobsStore.getState().jobs.x?.status).toBe('cancelled');
    expect(useJobsStore.getState().order.filter((id) => id === 'x')).toHaveLength(1);
  });
});
