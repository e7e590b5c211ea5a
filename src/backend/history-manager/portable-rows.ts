/**
 * PortableChat ⇄ rows: the one place that knows how the import/export model differs from ours
 * (Ollama's nanoseconds vs our milliseconds, `tool` turns, statuses that never leave the app).
 */
import type { ErrorInfo, GenerationMetrics, MessageStatus, Role } from '../../shared/api';
import type { PortableAttachment, PortableMessage, PortableMetrics, PortableRole, PortableStatus } from './portability';
import type { AttachmentsTable, MessagesTable } from './schema';

const NS_PER_MS = 1e6;

const msOf = (ns: number | null | undefined): number =>
  typeof ns === 'number' && Number.isFinite(ns) ? ns / NS_PER_MS : 0;
const nsOf = (ms: number | null | undefined): number | null =>
  typeof ms === 'number' && Number.isFinite(ms) ? Math.round(ms * NS_PER_MS) : null;

/** Ollama's counters in ns (the portable form) → ours in ms, rates derived the way the chat manager does. */
export function toGenerationMetrics(m: PortableMetrics | null | undefined): GenerationMetrics | null {
  if (!m) return null;
  const evalCount = m.evalCount ?? 0;
  const promptEvalCount = m.promptEvalCount ?? 0;
  const evalDurationMs = msOf(m.evalDurationNs);
  const promptEvalDurationMs = msOf(m.promptEvalDurationNs);
  return {
    ttftMs: m.ttftMs ?? null,
    totalDurationMs: msOf(m.totalDurationNs),
    loadDurationMs: msOf(m.loadDurationNs),
    promptEvalCount,
    promptEvalDurationMs,
    evalCount,
    evalDurationMs,
    tokensPerSecond: evalDurationMs > 0 ? evalCount / (evalDurationMs / 1000) : null,
    promptTokensPerSecond: promptEvalDurationMs > 0 ? promptEvalCount / (promptEvalDurationMs / 1000) : null,
    doneReason: m.doneReason ?? null,
  };
}

export function toPortableMetrics(m: GenerationMetrics | null): PortableMetrics | null {
  if (!m) return null;
  return {
    totalDurationNs: nsOf(m.totalDurationMs),
    loadDurationNs: nsOf(m.loadDurationMs),
    promptEvalCount: m.promptEvalCount,
    promptEvalDurationNs: nsOf(m.promptEvalDurationMs),
    evalCount: m.evalCount,
    evalDurationNs: nsOf(m.evalDurationMs),
    ttftMs: m.ttftMs,
    doneReason: m.doneReason,
  };
}

/** The app has no tool turns: a tool's output (e.g. a generated image) is shown as the assistant's. */
export function roleOf(role: PortableRole): Role {
  return role === 'tool' ? 'assistant' : role;
}

export function portableStatus(status: MessageStatus): PortableStatus {
  return status === 'queued' || status === 'streaming' ? 'interrupted' : status;
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toPortableMessage(
  row: Pick<
    MessagesTable,
    | 'id'
    | 'parent_id'
    | 'role'
    | 'content'
    | 'thinking'
    | 'status'
    | 'error_json'
    | 'model'
    | 'model_digest'
    | 'options_json'
    | 'metrics_json'
    | 'created_at'
    | 'updated_at'
  > & { edited?: number },
  attachments: readonly Omit<AttachmentsTable, 'message_id' | 'blob_path' | 'tokens' | 'pages'>[],
): PortableMessage {
  const message: PortableMessage = {
    sourceId: row.id,
    parentSourceId: row.parent_id,
    role: row.role,
    content: row.content,
    thinking: row.thinking === '' ? null : row.thinking,
    model: row.model,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    status: portableStatus(row.status),
  };
  const error = parseJson<ErrorInfo>(row.error_json);
  if (error) message.error = { code: error.code, message: error.message };
  if (row.role === 'assistant') {
    message.modelDigest = row.model_digest;
    message.metrics = toPortableMetrics(parseJson<GenerationMetrics>(row.metrics_json));
  }
  if (row.edited === 1) message.edited = true;
  if (row.options_json !== null) message.options = parseJson<Record<string, unknown>>(row.options_json);
  if (attachments.length > 0) {
    message.attachments = attachments.map(
      (a): PortableAttachment => ({
        // The portable format names any non-image, non-text file 'file'.
        kind: a.kind === 'pdf' ? 'file' : a.kind,
        name: a.name,
        mime: a.mime,
        size: a.size,
        sha256: a.sha256,
        data: null,
        ...(a.text === null ? {} : { text: a.text }),
      }),
    );
  }
  return message;
}
