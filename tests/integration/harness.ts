/**
 * Test harness: a real BackendService listening on a loopback port, a real SQLite file in a temp
 * directory, and the fake Ollama (a real HTTP server). Nothing is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendService, type BackendServiceOptions } from '../../src/backend/service';
import type { Chat, SendMessageResponse } from '../../src/shared/api';
import { loadConfig } from '../../src/utils/config';
import { createLogger } from '../../src/utils/logger';
import { type FakeOllama, startFakeOllama } from '../fakes/fake-ollama';

export { waitFor } from '../support/wait-for';

export interface Harness {
  service: BackendService;
  fake: FakeOllama;
  dataDir: string;
  url: string;
  api: (p: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
  json: <T = unknown>(p: string, init?: RequestInit & { json?: unknown }) => Promise<T>;
  createChat: (model?: string) => Promise<Chat>;
  send: (chatId: string, content: string, extra?: Record<string, unknown>) => Promise<SendMessageResponse>;
  events: (generationId: string, opts?: { until?: (ev: SseEvent[]) => boolean }) => Promise<SseEvent[]>;
  close: () => Promise<void>;
}

export interface SseEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON of a test stream; each test asserts the shape it needs
  data: any;
}

export async function startHarness(
  env: Record<string, string> = {},
  fakeOpts: Parameters<typeof startFakeOllama>[0] = {},
  serviceOpts: Partial<Pick<BackendServiceOptions, 'autoUpdate'>> = {},
  /** Generated titles add /api/chat requests after a chat's first answer; off unless a test is about them. */
  harnessOpts: { titles?: boolean } = {},
): Promise<Harness> {
  const fake = await startFakeOllama(fakeOpts);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ollama-chat-test-'));
  const config = loadConfig({
    PORT: '0',
    OLLAMA_HOST: fake.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FLUSH_INTERVAL_MS: '100',
    ...env,
  });
  const service = new BackendService({ config, logger: createLogger('silent'), ...serviceOpts });
  await service.start();
  if (!harnessOpts.titles) await service.store.settings.update({ generateTitles: false });
  const url = service.url;

  const api = (p: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return fetch(url + p, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };
  const jsonOf = async <T>(p: string, init?: RequestInit & { json?: unknown }) => {
    const res = await api(p, init);
    const body = await res.json();
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${p} → ${res.status} ${JSON.stringify(body)}`);
    return body as T;
  };
  return {
    service,
    fake,
    dataDir,
    url,
    api,
    json: jsonOf,
    createChat: (model = 'llama3.2') => jsonOf<Chat>('/api/chats', { method: 'POST', json: { model } }),
    send: (chatId, content, extra = {}) =>
      jsonOf<SendMessageResponse>(`/api/chats/${chatId}/messages`, { method: 'POST', json: { content, ...extra } }),
    events: (generationId, opts) => readEvents(`${url}/api/generations/${generationId}/events`, opts),
    close: async () => {
      await service.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const FINAL = new Set(['done', 'error', 'cancelled']);

/**
 * Reads an SSE stream until a final event (or `until` says stop), parsing frames by hand. `onOpen` runs once
 * the response has started, i.e. the server has accepted the subscription.
 */
export async function readEvents(
  url: string,
  opts: { until?: (ev: SseEvent[]) => boolean; signal?: AbortSignal; onOpen?: () => void } = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort());
  const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`SSE ${url} → ${res.status} ${await res.text()}`);
  opts.onOpen?.();
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let sep = buffer.indexOf('\n\n');
      while (sep !== -1) {
        const frame = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        sep = buffer.indexOf('\n\n');
        let event = 'message';
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length === 0) continue;
        events.push({ event, data: JSON.parse(data.join('\n')) });
        if (FINAL.has(event) || opts.until?.(events)) return events;
      }
    }
  } finally {
    controller.abort();
  }
  return events;
}

/**
 * Listens to `GET /api/events` in the background; `events` fills as they arrive. Resolves once the
 * server has subscribed (it subscribes before it starts the response), so nothing published after is missed.
 */
export async function listenAppEvents(h: Harness): Promise<{ readonly events: SseEvent[]; stop: () => void }> {
  const controller = new AbortController();
  const holder: { events: SseEvent[] } = { events: [] };
  await new Promise<void>((resolve, reject) => {
    readEvents(`${h.url}/api/events`, {
      signal: controller.signal,
      onOpen: resolve,
      until: (evs) => {
        holder.events = evs;
        return false;
      },
    }).catch(reject);
  });
  return {
    get events() {
      return holder.events;
    },
    stop: () => controller.abort(),
  };
}

/** Concatenates snapshot + deltas the way the GUI does. */
export function assemble(events: SseEvent[]): { content: string; thinking: string } {
  let content = '';
  let thinking = '';
  for (const e of events) {
    if (e.event === 'snapshot') {
      content = e.data.content;
      thinking = e.data.thinking;
    } else if (e.event === 'delta') {
      content += e.data.content ?? '';
      thinking += e.data.thinking ?? '';
    }
  }
  return { content, thinking };
}
