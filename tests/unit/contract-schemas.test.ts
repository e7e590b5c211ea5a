/**
 * The server's schemas and the shared contract cannot drift: `matches<T>()` refuses, at compile
 * time, a schema whose parsed type is not exactly T (tsc runs over tests/, and an unused
 * `@ts-expect-error` is itself an error). The runtime checks show the schemas use the shared limits.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ChatSchema,
  CreateChatBodySchema,
  type Equals,
  type ErrorInfoSchema,
  JobSchema,
  ListChatsQuerySchema,
  MessageSchema,
  matches,
  SendMessageBodySchema,
  SettingsSchema,
  UpdateModelPreferencesBodySchema,
} from '../../src/backend/schemas';
import {
  AUTO_UPDATE_INTERVAL_HOURS,
  CHAT_LIST_LIMIT,
  type Chat,
  type ChatOptions,
  type ErrorInfo,
  MAX_ATTACHMENTS,
  MAX_MESSAGE_CHARS,
  MAX_TITLE_CHARS,
  MESSAGE_STATUSES,
  type Message,
} from '../../src/shared/api';
import { KEEP_ALIVE_MESSAGES, MODEL_NAME_MESSAGES } from '../../src/shared/model-name';
import { JOB_STATUSES, type Job } from '../../src/shared/models-api';

describe('matches<T>() ties a schema to its contract type', () => {
  it('accepts a schema of exactly the type', () => {
    const schema = matches<{ a: string; b?: number | null }>()(
      z.object({ a: z.string(), b: z.number().nullable().optional() }),
    );
    expect(schema.parse({ a: 'x' })).toEqual({ a: 'x' });
  });

  it('refuses a missing field, an extra field, a wrong type and optional-vs-required', () => {
    type T = { a: string; b: number };
    // @ts-expect-error b is missing
    matches<T>()(z.object({ a: z.string() }));
    // @ts-expect-error c is not part of T
    matches<T>()(z.object({ a: z.string(), b: z.number(), c: z.boolean() }));
    // @ts-expect-error b is a string, not a number
    matches<T>()(z.object({ a: z.string(), b: z.string() }));
    // @ts-expect-error b is optional in the schema but required in T
    matches<T>()(z.object({ a: z.string(), b: z.number().optional() }));
    // @ts-expect-error b is nullable in the schema but not in T
    matches<T>()(z.object({ a: z.string(), b: z.number().nullable() }));
    expect(true).toBe(true);
  });

  it('refuses a chat schema that differs from Chat in one field', () => {
    const drifted = ChatSchema.extend({ pinned: z.string() });
    // @ts-expect-error pinned is a boolean in the contract
    matches<Chat>()(drifted);
    const same: Equals<z.output<typeof ChatSchema>, Chat> = true;
    expect(same).toBe(true);
  });

  it('keeps the exported schemas equal to their contract types', () => {
    const checks: true[] = [
      true satisfies Equals<z.output<typeof MessageSchema>, Message>,
      true satisfies Equals<z.output<typeof JobSchema>, Job>,
      true satisfies Equals<z.output<typeof ErrorInfoSchema>, ErrorInfo>,
      true satisfies Equals<NonNullable<z.output<typeof CreateChatBodySchema>['options']>, ChatOptions>,
    ];
    expect(checks.every(Boolean)).toBe(true);
  });
});

describe('schemas use the shared rules and limits', () => {
  it('enums come from the shared constant lists', () => {
    expect(MessageSchema.shape.status.options).toEqual([...MESSAGE_STATUSES]);
    expect(JobSchema.shape.status.options).toEqual([...JOB_STATUSES]);
  });

  it('message length and attachment count follow limits.ts', () => {
    const ok = SendMessageBodySchema.safeParse({ content: 'x'.repeat(MAX_MESSAGE_CHARS) });
    const tooLong = SendMessageBodySchema.safeParse({ content: 'x'.repeat(MAX_MESSAGE_CHARS + 1) });
    expect(ok.success).toBe(true);
    expect(tooLong.success).toBe(false);
    const image = { name: 'a.png', mime: 'image/png', data: 'AAAA' };
    const many = SendMessageBodySchema.safeParse({
      content: 'x',
      attachments: Array.from({ length: MAX_ATTACHMENTS + 1 }, () => image),
    });
    expect(many.success).toBe(false);
  });

  it('titles, list limits and the update interval follow limits.ts', () => {
    expect(CreateChatBodySchema.safeParse({ title: 't'.repeat(MAX_TITLE_CHARS) }).success).toBe(true);
    expect(CreateChatBodySchema.safeParse({ title: 't'.repeat(MAX_TITLE_CHARS + 1) }).success).toBe(false);
    expect(ListChatsQuerySchema.parse({}).limit).toBe(CHAT_LIST_LIMIT.default);
    expect(ListChatsQuerySchema.safeParse({ limit: String(CHAT_LIST_LIMIT.max + 1) }).success).toBe(false);
    expect(SettingsSchema.safeParse({ autoUpdateIntervalHours: AUTO_UPDATE_INTERVAL_HOURS.max }).success).toBe(true);
    expect(SettingsSchema.safeParse({ autoUpdateIntervalHours: AUTO_UPDATE_INTERVAL_HOURS.max + 1 }).success).toBe(
      false,
    );
  });

  it('model names and keep-alive values are refused with the GUI’s sentences', () => {
    const chat = CreateChatBodySchema.safeParse({ model: 'bad name!' });
    expect(chat.success).toBe(false);
    expect(chat.error?.issues[0]?.message).toBe(MODEL_NAME_MESSAGES.invalid);
    const prefs = UpdateModelPreferencesBodySchema.safeParse({ keepAlive: '10 minutes' });
    expect(prefs.error?.issues[0]?.message).toBe(KEEP_ALIVE_MESSAGES.invalid);
    const settings = SettingsSchema.safeParse({ keepAlive: -2 });
    expect(settings.error?.issues[0]?.message).toBe(KEEP_ALIVE_MESSAGES.seconds);
  });
});
