/** zod validation at the HTTP edge: every failure becomes a ValidationError with the issues in details. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type * as z from 'zod';
import { ValidationError } from '../errors';
import { preloadJsonBody } from './node-body';

/** "Invalid request body: content: Too big…" — the first issue names the field; all are in details. */
function toValidationError(
  target: keyof ValidationTargets,
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
): ValidationError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid input';
  return new ValidationError(`Invalid ${target === 'json' ? 'request body' : target}: ${summary}`, issues);
}

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const check = zValidator(target, schema, (result) => {
    if (!result.success) throw toValidationError(target, result.error);
  });
  if (target !== 'json') return check;
  const withBody: typeof check = (c, next) => {
    preloadJsonBody(c);
    return check(c, next);
  };
  return withBody;
}

/** For endpoints whose JSON body may be omitted: an empty body counts as `{}`. */
export async function optionalJsonBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const text = await req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ValidationError('The request body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw toValidationError('json', parsed.error);
  return parsed.data;
}
