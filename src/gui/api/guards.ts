/**
 * Hand-written shape checks for what arrives over the wire, against the contract's types
 * (src/shared/api.ts, src/shared/models-api.ts). zod stays out of the GUI bundle.
 */
import {
  type DeltaEvent,
  type DoneEvent,
  MESSAGE_STATUSES,
  type Message,
  type MessageStatus,
  type SnapshotEvent,
  type StatusEvent,
} from '../../shared/api';
import { ERROR_ACTIONS, type ErrorHint, type ErrorInfo } from '../../shared/error-info';
import type { ImageProgress } from '../../shared/image-api';
import type { Job } from '../../shared/models-api';

type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

const STATUSES: readonly string[] = MESSAGE_STATUSES;
const ACTIONS: readonly string[] = ERROR_ACTIONS;

export function isMessageStatus(value: unknown): value is MessageStatus {
  return STATUSES.includes(value as string);
}

export function isErrorHint(value: unknown): value is ErrorHint {
  return (
    isRecord(value) &&
    isString(value.text) &&
    isOptionalString(value.command) &&
    (value.action === undefined || ACTIONS.includes(value.action as string))
  );
}

/** `code` and `message` are what make an error; a hint this GUI cannot read is dropped by `readErrorInfo`. */
export function isErrorInfo(value: unknown): value is ErrorInfo {
  return isRecord(value) && isString(value.code) && isString(value.message);
}

/** The error as the contract types it: a hint of an unknown shape (a newer server) is left out, never shown broken. */
export function readErrorInfo(value: unknown): ErrorInfo | null {
  if (!isErrorInfo(value)) return null;
  const { code, message, hint, details } = value;
  return { code, message, ...(isErrorHint(hint) ? { hint } : {}), ...(details === undefined ? {} : { details }) };
}

export function isSnapshotEvent(value: unknown): value is SnapshotEvent {
  return (
    isRecord(value) &&
    isString(value.messageId) &&
    isString(value.content) &&
    isString(value.thinking) &&
    isMessageStatus(value.status)
  );
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The `progress` event of an image answer (also `snapshot.imageProgress`). */
export function isImageProgress(value: unknown): value is ImageProgress {
  return (
    isRecord(value) &&
    (value.completed === null || isCount(value.completed)) &&
    (value.total === null || isCount(value.total)) &&
    isCount(value.image) &&
    isCount(value.count) &&
    isString(value.startedAt)
  );
}

export function isDeltaEvent(value: unknown): value is DeltaEvent {
  return isRecord(value) && isOptionalString(value.content) && isOptionalString(value.thinking);
}

export function isStatusEvent(value: unknown): value is StatusEvent {
  return isRecord(value) && isMessageStatus(value.status);
}

export function isMessage(value: unknown): value is Message {
  return (
    isRecord(value) &&
    isString(value.id) &&
    isString(value.chatId) &&
    (value.parentId === null || isString(value.parentId)) &&
    isString(value.role) &&
    isString(value.content) &&
    isString(value.thinking) &&
    isMessageStatus(value.status) &&
    (value.error === null || isErrorInfo(value.error)) &&
    Array.isArray(value.attachments) &&
    Array.isArray(value.siblingIds)
  );
}

export function isDoneEvent(value: unknown): value is DoneEvent {
  return isRecord(value) && isMessage(value.message) && (value.metrics === null || isRecord(value.metrics));
}

export function isJob(value: unknown): value is Job {
  return isRecord(value) && isString(value.id) && isString(value.status);
}

/** The JSON payload of an SSE message event, or undefined when there is none or it is not JSON. */
export function eventPayload(event: Event): unknown {
  const data = (event as MessageEvent<unknown>).data;
  if (typeof data !== 'string' || data === '') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads one SSE payload through its guard: the typed value, or null when it does not fit the contract. */
export function readEvent<T>(event: Event, guard: (value: unknown) => value is T): T | null {
  const payload = eventPayload(event);
  return guard(payload) ? payload : null;
}
