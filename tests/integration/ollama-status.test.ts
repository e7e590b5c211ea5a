/**
 * Ollama going away is noticed from the first failed request (not the next health poll), pushed to
 * every GUI as an `ollama-status` app event, and its return is noticed by the server's own probing.
 */
import { describe, expect, it } from 'vitest';
import { startFakeOllama } from '../fakes/fake-ollama';
import { type Harness, listenAppEvents, type SseEvent, startHarness, waitFor } from './harness';

async function listen(h: Harness): Promise<{ events: () => SseEvent[]; stop: () => void }> {
  const app = await listenAppEvents(h);
  return { events: () => app.events.filter((e) => e.event === 'ollama-status'), stop: app.stop };
}

describe('Ollama status', () => {
  it('marks Ollama down on a failed send, pushes it, and pushes its return found by probing', async () => {
    const h = await startHarness();
    const app = await listen(h);
    try {
      const before = await h.json<{ ollama: { reachable: boolean } }>('/api/health');
      expect(before.ollama.reachable).toBe(true);
      const chat = await h.createChat('llama3.2');
      await h.fake.close();
      const sent = await h.send(chat.id, 'anyone there?');
      await h.events(sent.generationId);
      // Pushed from the failed request itself: nobody asked /api/health in between.
      await waitFor(() => app.events().length === 1);
      const down = app.events()[0]?.data;
      expect(down.reachable).toBe(false);
      expect(down.error.code).toBe('ollama_unreachable');
      expect(down.error.hint.command).toBe('ollama serve');
      const health = await h.json<{ ollama: { reachable: boolean } }>('/api/health');
      expect(health.ollama.reachable).toBe(false);

      const back = await startFakeOllama({ port: h.fake.port });
      try {
        // Nobody polls /api/health here either: the server probes while Ollama is down.
        await waitFor(() => app.events().length === 2);
        expect(app.events()[1]?.data.reachable).toBe(true);
        expect(app.events()[1]?.data.error).toBeNull();
      } finally {
        await back.close();
      }
    } finally {
      app.stop();
      await h.close();
    }
  });

  it('asks Ollama at start-up: one down at start is watched, and its return pushed, before anyone asks', async () => {
    const gone = await startFakeOllama();
    const port = gone.port;
    await gone.close();
    const h = await startHarness({ OLLAMA_HOST: `http://127.0.0.1:${port}` });
    const app = await listen(h);
    const back = await startFakeOllama({ port });
    try {
      // No /api/health and no send: only the server's own probe, started with it, can notice.
      await waitFor(() => app.events().some((e) => e.data.reachable === true));
    } finally {
      await back.close();
      app.stop();
      await h.close();
    }
  });

  it('does not call Ollama down when it answers with an error', async () => {
    const h = await startHarness();
    const app = await listen(h);
    try {
      const chat = await h.createChat('no-such-model');
      const sent = await h.send(chat.id, 'hello?');
      const events = await h.events(sent.generationId);
      expect(events.at(-1)?.data.code).toBe('model_not_found');
      const health = await h.json<{ ollama: { reachable: boolean } }>('/api/health');
      expect(health.ollama.reachable).toBe(true);
      expect(app.events()).toHaveLength(0);
    } finally {
      app.stop();
      await h.close();
    }
  });
});
