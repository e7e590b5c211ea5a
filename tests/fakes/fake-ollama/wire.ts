/** How Ollama (Go + gin) puts bytes on the wire: JSON encoding, content types, timestamps, chunk shapes. */
import type { ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const NDJSON_TYPE = 'application/x-ndjson';
const TEXT_TYPE = 'text/plain; charset=utf-8';

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** json.Marshal output: compact, HTML-safe escaping of < > & and the JS line separators. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

/** Go's RFC 3339 with fractional seconds, trailing zeros trimmed; UTC ("Z") as in stream chunks. */
export function goUtcTime(epochMs: number = performance.timeOrigin + performance.now()): string {
  const whole = Math.floor(epochMs);
  const micros = Math.floor((epochMs - whole) * 1000);
  const base = new Date(whole).toISOString(); // 2026-08-21T17:04:12.093Z
  const fraction = `${base.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${base.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** Go's RFC 3339 in the server's local offset, as used by modified_at / expires_at. */
export function goLocalTime(epochMs: number): string {
  const d = new Date(epochMs);
  const offsetMin = -d.getTimezoneOffset();
  const local = new Date(epochMs + offsetMin * 60_000)
    .toISOString()
    .slice(0, 23)
    .replace(/\.?0+$/, '');
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin > 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface FinalMetrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

export interface ChatMessageOut {
  role: 'assistant';
  content: string;
  thinking?: string;
}

/** One api.ChatResponse in Go field order; metrics and done_reason carry omitempty. */
export function chatChunk(
  model: string,
  message: ChatMessageOut,
  done: boolean,
  doneReason?: string,
  metrics?: FinalMetrics,
): Record<string, unknown> {
  const msg: Record<string, unknown> = { role: message.role, content: message.content };
  if (message.thinking) msg.thinking = message.thinking;
  const chunk: Record<string, unknown> = { model, created_at: goUtcTime(), message: msg, done };
  if (doneReason) chunk.done_reason = doneReason;
  if (metrics) {
    for (const key of [
      'total_duration',
      'load_duration',
      'prompt_eval_count',
      'prompt_eval_duration',
      'eval_count',
      'eval_duration',
    ] as const) {
      const value = Math.round(metrics[key]);
      if (value !== 0) chunk[key] = value;
    }
  }
  return chunk;
}

export function ndjsonLine(value: unknown): string {
  return `${goJson(value)}\n`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = goJson(body);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

export function sendText(res: ServerResponse, status: number, text: string, headOnly = false): void {
  res.writeHead(status, { 'Content-Type': TEXT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(headOnly ? undefined : text);
}
