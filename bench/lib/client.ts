/** HTTP clients the bench times: the app's JSON + SSE API, and Ollama's NDJSON /api/chat directly. */
import type { Chat, DoneEvent, SendMessageResponse } from '../../src/shared/api';

async function postJson<T>(url: string, body: unknown, expect = [200, 201, 202]): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`POST ${url} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Titled: a chat with a typed title gets no generated one, whose extra Ollama request would skew the figures. */
export const createChat = (base: string, model: string) =>
  postJson<Chat>(`${base}/api/chats`, { model, title: 'Bench chat' });

export const sendMessage = (base: string, chatId: string, content: string) =>
  postJson<SendMessageResponse>(`${base}/api/chats/${chatId}/messages`, { content });

export interface SseResult {
  /** performance.now() of the first snapshot/delta that carried non-empty content or thinking. */
  firstTokenAt: number | null;
  endAt: number;
  finalEvent: string;
  done: DoneEvent | null;
  deltaEvents: number;
  contentChars: number;
}

/** Reads `/api/generations/:id/events` to its final event, parsing frames as they arrive. */
export async function readGenerationEvents(
  base: string,
  generationId: string,
  timeoutMs = 120_000,
  /** Called with each event's name and the time its bytes were read, as it is parsed (e.g. to sample a counter). */
  onEvent?: (event: string, readAt: number) => void,
): Promise<SseResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const res = await fetch(`${base}/api/generations/${generationId}/events`, {
    headers: { accept: 'text/event-stream' },
    signal,
  });
  if (!res.ok || !res.body) throw new Error(`SSE ${generationId} → ${res.status} ${await res.text()}`);
  const result: SseResult = {
    firstTokenAt: null,
    endAt: 0,
    finalEvent: '',
    done: null,
    deltaEvents: 0,
    contentChars: 0,
  };
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const now = performance.now();
      buffer += decoder.decode(value, { stream: true });
      let sep = buffer.indexOf('\n\n');
      while (sep !== -1) {
        const frame = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        sep = buffer.indexOf('\n\n');
        let event = 'message';
        let data = '';
        for (const line of frame.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).replace(/^ /, '');
        }
        if (data === '') continue;
        onEvent?.(event, now);
        if (event === 'snapshot' || event === 'delta') {
          const d = JSON.parse(data) as { content?: string; thinking?: string };
          if (event === 'delta') result.deltaEvents += 1;
          const chars = (d.content?.length ?? 0) + (d.thinking?.length ?? 0);
          result.contentChars += d.content?.length ?? 0;
          if (chars > 0) result.firstTokenAt ??= now;
        } else if (event === 'done' || event === 'error' || event === 'cancelled') {
          result.finalEvent = event;
          result.endAt = now;
          if (event === 'done') result.done = JSON.parse(data) as DoneEvent;
          else throw new Error(`generation ended with ${event}: ${data.slice(0, 300)}`);
          return result;
        }
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  throw new Error(`SSE stream of ${generationId} closed without a final event`);
}

export interface NdjsonResult {
  startAt: number;
  firstTokenAt: number | null;
  endAt: number;
  /** Non-final chunks (lines before the `done: true` line). */
  chunks: number;
  evalCount: number | null;
}

/** `POST {ollama}/api/chat` streaming, timed like a client of Ollama would see it. */
export async function chatDirect(ollamaUrl: string, model: string, content: string): Promise<NdjsonResult> {
  const startAt = performance.now();
  const res = await fetch(`${ollamaUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }], stream: true }),
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok || !res.body) throw new Error(`POST /api/chat (${model}) → ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let firstTokenAt: number | null = null;
  let lines = 0;
  let head = ''; // text until the first token is seen
  let tail = new Uint8Array(0); // the bytes after the last complete line but one, for the final chunk
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const now = performance.now();
    if (firstTokenAt === null) {
      head += decoder.decode(value, { stream: true });
      for (const line of head.split('\n').slice(0, -1)) {
        const chunk = JSON.parse(line) as { message?: { content?: string; thinking?: string } };
        if ((chunk.message?.content ?? '') !== '' || (chunk.message?.thinking ?? '') !== '') {
          firstTokenAt = now;
          break;
        }
      }
    }
    for (let i = value.indexOf(0x0a); i !== -1; i = value.indexOf(0x0a, i + 1)) lines += 1;
    const joined = new Uint8Array(tail.length + value.length);
    joined.set(tail);
    joined.set(value, tail.length);
    tail = joined.length > 8192 ? joined.subarray(joined.length - 8192) : joined;
  }
  const endAt = performance.now();
  const text = new TextDecoder().decode(tail).trimEnd();
  const last = text.slice(text.lastIndexOf('\n') + 1);
  let evalCount: number | null = null;
  try {
    const final = JSON.parse(last) as { done?: boolean; eval_count?: number };
    if (final.done) evalCount = final.eval_count ?? null;
  } catch {
    // the final line was cut off the kept tail; the line count still stands
  }
  return { startAt, firstTokenAt, endAt, chunks: Math.max(0, lines - 1), evalCount };
}
